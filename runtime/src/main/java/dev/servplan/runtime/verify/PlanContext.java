package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.InstanceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A plan with each group resolved against the catalogs and, when given, the spec: its model, GPU,
 * pool size, node size and links. Lookups that fail leave the field empty (the checks report them).
 */
public final class PlanContext {
  /** GPUs per node assumed when neither the spec nor the catalog says (an HGX baseboard). */
  static final int FALLBACK_GPUS_PER_NODE = 8;

  private final Plan plan;
  private final Optional<ValidIr> spec;
  private final List<GroupView> groups = new ArrayList<>();

  /** One group in context. {@code path} is like {@code deployments[0].groups[1]}. */
  public record GroupView(
      int deploymentIndex,
      int groupIndex,
      String path,
      PlanDeployment deployment,
      Group group,
      Optional<ModelArch> model,
      Optional<GpuSpec> gpu,
      Optional<ResolvedPool> specPool,
      int gpusPerNode,
      OptionalInt poolGpus,
      Optional<LinkSpec> intraNodeLink,
      Optional<LinkSpec> interNodeLink) {
    public GroupView {
      Objects.requireNonNull(path, "path");
    }

    /** The instance for the cost model, when the model, GPU and links are all known. */
    public Optional<InstanceConfig> config() {
      if (model.isEmpty() || gpu.isEmpty() || intraNodeLink.isEmpty() || interNodeLink.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new InstanceConfig(
              model.get(),
              gpu.get(),
              group.tp(),
              group.pp(),
              group.ep(),
              group.weights(),
              group.kvDtype(),
              intraNodeLink.get(),
              interNodeLink.get()));
    }
  }

  public PlanContext(Plan plan, Optional<ValidIr> spec) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.spec = Objects.requireNonNull(spec, "spec");
    for (int d = 0; d < plan.deployments().size(); d++) {
      PlanDeployment dep = plan.deployments().get(d);
      Optional<ModelArch> model = model(dep);
      for (int g = 0; g < dep.groups().size(); g++) {
        groups.add(view(d, g, dep, dep.groups().get(g), model));
      }
    }
  }

  public Plan plan() {
    return plan;
  }

  public Optional<ValidIr> spec() {
    return spec;
  }

  public List<GroupView> groups() {
    return List.copyOf(groups);
  }

  /** The spec's deployment of this name, with its resolved model. */
  public Optional<ResolvedDeployment> specDeployment(String name) {
    return spec.flatMap(
        s -> s.deployments().stream().filter(d -> d.name().equals(name)).findFirst());
  }

  /**
   * The spec's model when the spec has the deployment (custom models live only there), else the
   * catalog's.
   */
  Optional<ModelArch> model(PlanDeployment dep) {
    Optional<ResolvedDeployment> fromSpec = specDeployment(dep.name());
    if (fromSpec.isPresent() && modelMatches(dep.model(), fromSpec.get())) {
      return Optional.of(fromSpec.get().model());
    }
    return Catalogs.models().find(dep.model());
  }

  static boolean modelMatches(String planModel, ResolvedDeployment d) {
    return planModel.equals(d.deployment().model().value())
        || planModel.equals(d.model().id())
        || d.model().aliases().contains(planModel);
  }

  private GroupView view(int d, int g, PlanDeployment dep, Group group, Optional<ModelArch> model) {
    String path = "deployments[" + d + "].groups[" + g + "]";
    Optional<GpuSpec> gpu = Catalogs.gpus().find(group.gpu());
    Optional<ResolvedPool> specPool = spec.flatMap(s -> s.pool(group.pool()));
    int perNode;
    OptionalInt poolGpus = OptionalInt.empty();
    Optional<LinkSpec> intra;
    Optional<LinkSpec> inter;
    if (specPool.isPresent()) {
      ResolvedPool pool = specPool.get();
      perNode = pool.gpusPerNode();
      poolGpus = OptionalInt.of(pool.count());
      intra = Optional.of(pool.intraNodeLink());
      inter = pool.network().or(() -> networkLink(pool.gpu()));
    } else {
      perNode =
          gpu.map(s -> s.defaultGpusPerNode() > 0 ? s.defaultGpusPerNode() : FALLBACK_GPUS_PER_NODE)
              .orElse(FALLBACK_GPUS_PER_NODE);
      if (spec.isEmpty()) {
        for (PoolUsage usage : plan.inventory()) {
          if (usage.pool().equals(group.pool())) {
            poolGpus = OptionalInt.of(usage.availableGpus());
          }
        }
      }
      intra = gpu.flatMap(s -> Catalogs.links().find(s.intraNodeLink()));
      inter = gpu.flatMap(PlanContext::networkLink);
    }
    return new GroupView(
        d, g, path, dep, group, model, gpu, specPool, perNode, poolGpus, intra, inter);
  }

  /** The scale-out NIC of the GPU's host tier. */
  static Optional<LinkSpec> networkLink(GpuSpec gpu) {
    return Catalogs.links().find(Catalogs.nodes().forGpu(gpu.id()).networkLink());
  }
}
