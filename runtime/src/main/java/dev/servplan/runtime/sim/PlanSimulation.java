package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Workload;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.GroupPhysics;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.workload.WorkloadModel;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.runtime.verify.PlanContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the simulator's input from a plan and its spec: one {@link SimGroup} per plan group (KV
 * blocks from the plan's {@code kv_cache_gib_per_gpu}), and each deployment's workload and SLO from
 * the spec. Verify the plan first: a group whose model, GPU or links cannot be resolved is an
 * {@link IllegalArgumentException} here.
 */
public final class PlanSimulation {
  private PlanSimulation() {}

  /**
   * @param specDir folder that relative trace paths in the spec resolve against
   * @param trace when present, replaces every deployment's arrivals and lengths with this trace
   */
  public static List<SimDeployment> deployments(
      Plan plan, ValidIr spec, Path specDir, CostModel costModel, Optional<Path> trace) {
    PlanContext context = new PlanContext(plan, Optional.of(spec));
    Map<String, List<SimGroup>> groups = new LinkedHashMap<>();
    for (PlanContext.GroupView view : context.groups()) {
      Group group = view.group();
      List<SimGroup> list =
          groups.computeIfAbsent(view.deployment().name(), k -> new ArrayList<>());
      if (group.instances() == 0) {
        continue;
      }
      InstanceConfig config =
          view.config()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          view.path()
                              + ": cannot resolve model '"
                              + view.deployment().model()
                              + "' or gpu '"
                              + group.gpu()
                              + "'; run 'servplan validate' first"));
      List<Compatibility.Conflict> conflicts = Compatibility.conflicts(group.techniques());
      if (!conflicts.isEmpty()) {
        throw new IllegalArgumentException(
            view.path() + ": not simulated: " + conflicts.get(0).message());
      }
      long sharedTokens =
          context
              .specDeployment(view.deployment().name())
              .flatMap(r -> r.deployment().workload().prefix())
              .map(p -> p.sharedTokens().value())
              .orElse(0L);
      // The same instance model the solver costed, from the plan's technique settings.
      List<String> problems = new ArrayList<>();
      InstanceModel instance =
          GroupPhysics.instance(costModel, config, group, sharedTokens, problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(view.path() + ": " + String.join("; ", problems));
      }
      // The plan's KV budget in blocks of the instance's bytes per token (both models' KV under
      // speculation, the GPU's share under host KV), less the blocks a cached prefix keeps.
      long blocks =
          (long)
                  Math.floor(
                      group.kvCachePerGpu().bytes()
                          / (instance.memory().kvBytesPerToken() * SimGroup.BLOCK_TOKENS))
              - Instance.blocksFor(instance.reservedKvTokens());
      if (blocks < 1) {
        throw new IllegalArgumentException(
            view.path()
                + ": kv_cache_gib_per_gpu "
                + group.kvCachePerGpu()
                + " holds less than one "
                + SimGroup.BLOCK_TOKENS
                + "-token block");
      }
      double kvBytesPerToken = ModelMath.kvBytesPerToken(config.model(), group.kvDtype()).bytes();
      list.add(
          new SimGroup(
              view.path(),
              GroupRole.valueOf(group.role().name()),
              instance,
              group.instances(),
              group.maxNumSeqs(),
              group.maxNumBatchedTokens(),
              blocks,
              kvBytesPerToken,
              view.interNodeLink().orElseThrow(),
              // The solver sizes each group for its own sustainable rate per instance and splits
              // traffic in proportion to it (GroupRouter).
              group.ratePerInstance().perSecond() > 0 ? group.ratePerInstance().perSecond() : 1.0,
              PrefixCaching.on(group)));
    }
    List<SimDeployment> result = new ArrayList<>();
    for (var entry : groups.entrySet()) {
      ResolvedDeployment resolved =
          context
              .specDeployment(entry.getKey())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "plan deployment '" + entry.getKey() + "' is not in the spec"));
      Deployment d = resolved.deployment();
      SimWorkload workload =
          trace
              .<SimWorkload>map(SimWorkload.Replay::new)
              .orElseGet(() -> workload(d.workload(), specDir));
      List<SloTarget> targets = new ArrayList<>();
      for (Slo.Target t : d.slo().targets()) {
        targets.add(new SloTarget(t.metric(), t.percentile(), t.limit().value()));
      }
      result.add(
          new SimDeployment(
              entry.getKey(), entry.getValue(), workload, targets, d.slo().attainment().value()));
    }
    return result;
  }

  static SimWorkload workload(Workload w, Path specDir) {
    WorkloadModel model = WorkloadModel.of(w);
    if (model.trace().isPresent()) {
      return new SimWorkload.Replay(specDir.resolve(model.trace().get()));
    }
    return new SimWorkload.Synthetic(
        model.arrivals(), model.input(), model.output(), model.prefix());
  }
}
