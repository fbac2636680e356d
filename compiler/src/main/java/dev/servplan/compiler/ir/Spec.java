package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved, unit-normalized form of one spec, the same whichever syntax it was written in.
 * Durations are seconds, token counts are tokens, prices are $/GPU-hour.
 */
public record Spec(
    String name,
    Span span,
    List<ModelDef> models,
    List<Pool> pools,
    List<Deployment> deployments,
    Val<Objective> objective,
    Options options) {
  public Spec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    models = List.copyOf(models);
    pools = List.copyOf(pools);
    deployments = List.copyOf(deployments);
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(options, "options");
  }

  public Optional<Pool> pool(String poolName) {
    return pools.stream().filter(p -> p.name().value().equals(poolName)).findFirst();
  }

  public Optional<ModelDef> model(String modelName) {
    return models.stream().filter(m -> m.name().value().equals(modelName)).findFirst();
  }

  public Spec withOptions(Options newOptions) {
    return new Spec(name, span, models, pools, deployments, objective, newOptions);
  }

  public Spec withPools(List<Pool> newPools) {
    return new Spec(name, span, models, newPools, deployments, objective, options);
  }

  public Spec withDeployments(List<Deployment> newDeployments) {
    return new Spec(name, span, models, pools, newDeployments, objective, options);
  }
}
