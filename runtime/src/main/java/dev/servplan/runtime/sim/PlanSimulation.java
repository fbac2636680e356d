package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Workload;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.workload.WorkloadModel;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.ExpertCache;
import dev.servplan.hwdb.cost.HostKv;
import dev.servplan.hwdb.cost.HostOffload;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.NvmeOffload;
import dev.servplan.hwdb.cost.SmPartition;
import dev.servplan.hwdb.cost.SpeculativeStep;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.runtime.verify.PlanContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
      MemoryEstimate memory =
          costModel.memory(
              config, MemoryOptions.DEFAULT.withMaxTokensPerIteration(group.maxNumBatchedTokens()));
      List<Compatibility.Conflict> conflicts = Compatibility.conflicts(group.techniques());
      if (!conflicts.isEmpty()) {
        throw new IllegalArgumentException(
            view.path() + ": not simulated: " + conflicts.get(0).message());
      }
      Optional<SpeculativeStep> speculative =
          Speculation.of(group).map(sd -> speculativeStep(view.path(), sd, config));
      // Under speculation every token of context holds the draft's KV next to the target's.
      double blockBytesPerToken =
          memory.kvBytesPerToken()
              + speculative
                  .map(
                      st ->
                          costModel
                              .memory(
                                  st.draft(),
                                  MemoryOptions.DEFAULT.withMaxTokensPerIteration(
                                      group.maxNumBatchedTokens()))
                              .kvBytesPerToken())
                  .orElse(0.0);
      // KV cache in host memory holds its share of every token, so the pool counts both tiers.
      double kvHost = Offload.of(group).map(o -> o.kvHostGib() * Bytes.GIB).orElse(0.0);
      long blocks =
          (long)
              Math.floor(
                  (group.kvCachePerGpu().bytes() + kvHost)
                      / (blockBytesPerToken * SimGroup.BLOCK_TOKENS));
      // A caching instance keeps the shared prefix's blocks resident for later hits.
      long sharedTokens =
          context
              .specDeployment(view.deployment().name())
              .flatMap(r -> r.deployment().workload().prefix())
              .map(p -> p.sharedTokens().value())
              .orElse(0L);
      if (PrefixCaching.on(group)) {
        blocks -= Instance.blocksFor(sharedTokens);
      }
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
              config,
              group.instances(),
              group.maxNumSeqs(),
              group.maxNumBatchedTokens(),
              blocks,
              kvBytesPerToken,
              view.interNodeLink().orElseThrow(),
              // The solver sizes each instance for its own sustainable rate and routes in
              // proportion to it; the router weighs load by the same figure.
              group.ratePerInstance().perSecond() > 0 ? group.ratePerInstance().perSecond() : 1.0,
              PrefixCaching.on(group),
              speculative,
              tiers(group, config, memory),
              KvCompressionSetting.of(group).map(kc -> kc.budget()).orElse(OptionalLong.empty()),
              LoraPlan.of(group).filter(l -> !l.merged()).map(LoraPlan::serving),
              group.role() == dev.servplan.compiler.plan.Role.UNIFIED
                  ? SmSplit.of(group).map(sp -> new SmPartition(sp.prefill()))
                  : Optional.empty()));
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

  /**
   * The group's offloaded weights (host, NVMe), host KV and experts; {@code memory} gives the KV
   * bytes per token whose host share attention reads.
   */
  static MemoryTiers tiers(Group group, InstanceConfig config, MemoryEstimate memory) {
    Optional<HostOffload> weights =
        Offload.of(group)
            .filter(o -> o.weightsHostGib() > 0)
            .flatMap(o -> HostOffload.of(config.gpu(), Bytes.ofGiB(o.weightsHostGib())));
    Optional<NvmeOffload> nvme =
        Offload.of(group)
            .filter(o -> o.weightsNvmeGib() > 0)
            .flatMap(o -> NvmeOffload.of(config.gpu(), Bytes.ofGiB(o.weightsNvmeGib())));
    Optional<HostKv> kv =
        Offload.of(group)
            .filter(o -> o.kvHostGib() > 0 && group.kvCachePerGpu().bytes() > 0)
            .flatMap(
                o ->
                    HostOffload.hostLink(config.gpu())
                        .map(
                            link ->
                                new HostKv(
                                    Bytes.ofGiB(o.kvHostGib()),
                                    group.kvCachePerGpu(),
                                    memory.kvBytesPerToken(),
                                    link)));
    Optional<ExpertCache> experts =
        ExpertOffload.of(group)
            .flatMap(
                x ->
                    HostOffload.hostLink(config.gpu())
                        .map(link -> ExpertCache.of(config, x.cachedExperts(), link)));
    return new MemoryTiers(weights, experts, nvme, kv);
  }

  private static SpeculativeStep speculativeStep(
      String path, Speculation sd, InstanceConfig target) {
    ModelArch draft =
        Catalogs.models()
            .find(sd.draft())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        path + ".speculative: unknown draft model '" + sd.draft() + "'"));
    InstanceConfig config = SpeculativeStep.draftConfig(draft, target);
    if (!config.problems().isEmpty()) {
      throw new IllegalArgumentException(
          path
              + ".speculative: the draft cannot run at tp "
              + target.tp()
              + ": "
              + String.join("; ", config.problems()));
    }
    return new SpeculativeStep(config, sd.acceptance(), sd.tokens());
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
