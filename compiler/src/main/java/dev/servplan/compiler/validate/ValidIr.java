package dev.servplan.compiler.validate;

import dev.servplan.compiler.ir.Spec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A spec that passed validation, with every reference resolved against the catalogs. Only {@link
 * Validator} makes one, so a solver that takes a ValidIr cannot see an unchecked spec.
 */
public record ValidIr(Spec spec, List<ResolvedPool> pools, List<ResolvedDeployment> deployments) {
  public ValidIr {
    Objects.requireNonNull(spec, "spec");
    pools = List.copyOf(pools);
    deployments = List.copyOf(deployments);
  }

  public Optional<ResolvedPool> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
