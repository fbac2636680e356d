package dev.servplan.compiler.validate;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueResolution;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment with its model architecture, the precisions it may use (defaults applied) and the
 * pools it may run on, plus what its technique blocks resolved to ({@link TechniqueResolution}, at
 * most one per technique, read through the technique package's typed accessor).
 */
public record ResolvedDeployment(
    Deployment deployment,
    ModelArch model,
    List<Dtype> weights,
    List<Dtype> kvDtypes,
    List<ResolvedPool> pools,
    Map<Technique, TechniqueResolution> resolutions) {
  public ResolvedDeployment {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(model, "model");
    weights = List.copyOf(weights);
    kvDtypes = List.copyOf(kvDtypes);
    pools = List.copyOf(pools);
    EnumMap<Technique, TechniqueResolution> copy = new EnumMap<>(Technique.class);
    resolutions.forEach(
        (t, r) -> {
          if (r.technique() != t) {
            throw new IllegalArgumentException(
                "a " + r.technique().id() + " resolution given for " + t.id());
          }
          copy.put(t, r);
        });
    resolutions = Collections.unmodifiableMap(copy);
  }

  public String name() {
    return deployment.name().value();
  }

  /** What the technique's block resolved to, as the technique's own type, if anything. */
  public <T extends TechniqueResolution> Optional<T> resolution(
      Technique technique, Class<T> type) {
    return Optional.ofNullable(resolutions.get(technique)).map(type::cast);
  }
}
