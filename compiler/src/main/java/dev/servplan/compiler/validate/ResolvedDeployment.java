package dev.servplan.compiler.validate;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment with its model architecture, the precisions it may use (defaults applied) and the
 * pools it may run on, plus the draft model when the deployment declares speculative decoding.
 */
public record ResolvedDeployment(
    Deployment deployment,
    ModelArch model,
    List<Dtype> weights,
    List<Dtype> kvDtypes,
    List<ResolvedPool> pools,
    Optional<ModelArch> draft) {
  public ResolvedDeployment {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(model, "model");
    weights = List.copyOf(weights);
    kvDtypes = List.copyOf(kvDtypes);
    pools = List.copyOf(pools);
    Objects.requireNonNull(draft, "draft");
  }

  public String name() {
    return deployment.name().value();
  }
}
