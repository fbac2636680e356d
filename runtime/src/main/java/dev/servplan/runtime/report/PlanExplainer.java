package dev.servplan.runtime.report;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Slack;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.IterationCost;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import java.util.Comparator;
import java.util.Optional;

/**
 * Human-readable reasoning for a plan ({@code servplan explain PLAN}): per deployment, what it runs
 * and costs next to the baseline, memory per GPU, where an iteration's time goes according to the
 * cost model, and which constraint binds.
 */
public final class PlanExplainer {
  private final CostModel costModel;

  public PlanExplainer(CostModel costModel) {
    this.costModel = costModel;
  }

  public static PlanExplainer calibrated() {
    return new PlanExplainer(AnalyticalCostModel.calibrated());
  }

  public String explain(Plan plan) {
    StringBuilder out = new StringBuilder();
    out.append("plan ")
        .append(plan.spec().name())
        .append(": $")
        .append(HtmlReport.money(plan.costPerHour().dollarsPerHour()))
        .append("/h on ")
        .append(plan.totalGpus())
        .append(" GPUs (")
        .append(plan.objective().id())
        .append(", ")
        .append(plan.solver().backend())
        .append(' ')
        .append(plan.solver().status().id())
        .append(", gap ")
        .append(Quantities.formatNumber(plan.solver().gap() * 100))
        .append("%)\n");
    if (plan.baseline().costPerHour().isPresent()) {
      double base = plan.baseline().costPerHour().get().dollarsPerHour();
      double saving = base - plan.costPerHour().dollarsPerHour();
      out.append("baseline: ")
          .append(plan.baseline().description())
          .append(": $")
          .append(HtmlReport.money(base))
          .append("/h; this plan saves $")
          .append(HtmlReport.money(saving))
          .append("/h");
      if (base > 0) {
        out.append(" (")
            .append(Quantities.formatNumber(Math.round(saving / base * 1000) / 10.0))
            .append("%)");
      }
      out.append('\n');
    } else {
      out.append("baseline: ")
          .append(plan.baseline().description())
          .append(" (no naive plan fits the inventory)\n");
    }
    out.append(
        "runner-up: not recorded in the plan (compile with --pareto to keep alternatives)\n");
    for (PlanDeployment d : plan.deployments()) {
      deployment(out, plan, d);
    }
    return out.toString();
  }

  private void deployment(StringBuilder out, Plan plan, PlanDeployment d) {
    double cost = d.groups().stream().mapToDouble(g -> g.costPerHour().dollarsPerHour()).sum();
    out.append("\ndeployment ")
        .append(d.name())
        .append(" (")
        .append(d.model())
        .append("): $")
        .append(HtmlReport.money(cost))
        .append("/h, predicted p99 TTFT ")
        .append(d.predicted().ttftP99())
        .append(", p99 TPOT ")
        .append(d.predicted().tpotP99())
        .append(", ")
        .append(d.predicted().requestsPerS())
        .append(" sustained, SLO attainment ")
        .append(d.predicted().sloAttainment())
        .append('\n');
    plan.baseline().groups().stream()
        .filter(b -> b.deployment().equals(d.name()))
        .forEach(
            b ->
                out.append("  baseline group: ")
                    .append(shape(b.group()))
                    .append(", $")
                    .append(HtmlReport.money(b.group().costPerHour().dollarsPerHour()))
                    .append("/h\n"));
    for (Group g : d.groups()) {
      out.append("  ")
          .append(g.role().id())
          .append(": ")
          .append(shape(g))
          .append(", $")
          .append(HtmlReport.money(g.costPerHour().dollarsPerHour()))
          .append("/h, ")
          .append(g.ratePerInstance())
          .append(" per instance\n");
      MemoryBreakdown m = g.memoryPerGpu();
      out.append("    memory per GPU: weights ")
          .append(m.weights())
          .append(" + KV cache ")
          .append(m.kvCache())
          .append(" + activations ")
          .append(m.activations())
          .append(" + overhead ")
          .append(m.overhead())
          .append(" = ")
          .append(m.total())
          .append(" of ")
          .append(m.capacity())
          .append(" (")
          .append(
              Quantities.formatNumber(
                  Math.round(m.total().bytes() / m.capacity().bytes() * 1000) / 10.0))
          .append("%)\n");
      if (g.role() != dev.servplan.compiler.plan.Role.DECODE) {
        out.append(
            PrefixCaching.on(g)
                ? "    prefix caching: on: prompt tokens found in the prefix cache are not prefilled again; the"
                    + " shared prefix's KV blocks stay reserved on each instance\n"
                : "    prefix caching: off: every prompt token is prefilled and no KV cache is reserved for a"
                    + " shared prefix\n");
      }
      KvCompressionExplain.append(out, g, Catalogs.models().find(d.model()));
      iterations(out, d, g);
    }
    Optional<Slack> binding = d.slack().stream().min(Comparator.comparingDouble(Slack::headroom));
    if (binding.isPresent()) {
      Slack s = binding.get();
      out.append("  binding constraint: ")
          .append(s.constraint())
          .append(": predicted ")
          .append(Quantities.formatNumber(s.value()))
          .append(' ')
          .append(s.unit())
          .append(" against ")
          .append(Quantities.formatNumber(s.limit()))
          .append(' ')
          .append(s.unit())
          .append(", headroom ")
          .append(Quantities.formatNumber(Math.round(s.headroom() * 1000) / 10.0))
          .append("%\n");
      for (Slack other : d.slack()) {
        if (other != s) {
          out.append("    also: ")
              .append(other.constraint())
              .append(" headroom ")
              .append(Quantities.formatNumber(Math.round(other.headroom() * 1000) / 10.0))
              .append("%\n");
        }
      }
    } else {
      out.append("  binding constraint: the plan records no slack for this deployment\n");
    }
  }

  /** The cost model's split of a full decode step and of one prefill chunk for this group. */
  private void iterations(StringBuilder out, PlanDeployment d, Group g) {
    Optional<ModelArch> model = Catalogs.models().find(d.model());
    Optional<GpuSpec> gpu = Catalogs.gpus().find(g.gpu());
    if (model.isEmpty() || gpu.isEmpty()) {
      out.append("    time per iteration: '")
          .append(model.isEmpty() ? d.model() : g.gpu())
          .append("' is not in the catalog, so the cost model cannot split it\n");
      return;
    }
    Optional<LinkSpec> intra = Catalogs.links().find(gpu.get().intraNodeLink());
    Optional<LinkSpec> inter =
        Catalogs.links().find(Catalogs.nodes().forGpu(g.gpu()).networkLink());
    if (intra.isEmpty() || inter.isEmpty()) {
      out.append("    time per iteration: no link data for '").append(g.gpu()).append("'\n");
      return;
    }
    InstanceConfig config =
        new InstanceConfig(
            model.get(),
            gpu.get(),
            g.tp(),
            g.pp(),
            g.ep(),
            g.weights(),
            g.kvDtype(),
            intra.get(),
            inter.get());
    // A decode step with every sequence slot busy and the KV cache full: the slowest steady step.
    // A speculating group's KV cache also holds the draft's KV for every token.
    double kvPerToken =
        ModelMath.kvBytesPerToken(model.get(), g.kvDtype()).bytes()
            + Speculation.of(g)
                .flatMap(sd -> Catalogs.models().find(sd.draft()))
                .map(draft -> ModelMath.kvBytesPerToken(draft, g.kvDtype()).bytes())
                .orElse(0.0);
    double kvTokens = g.kvCachePerGpu().bytes() * g.gpusPerInstance() / kvPerToken;
    int seqs = Math.max(1, g.maxNumSeqs());
    double context = Math.max(1, Math.min(kvTokens / seqs, model.get().maxContext()));
    // Under a kv_compression eviction budget a sequence attends to at most the budget.
    context =
        KvCompressionSetting.of(g)
            .flatMap(kc -> kc.evictionBudget())
            .map(b -> Math.min((double) b, kvTokens / seqs))
            .orElse(context);
    IterationCost decode = costModel.iteration(config, BatchShape.decode(seqs, context));
    out.append("    decode step (")
        .append(seqs)
        .append(" sequences, ")
        .append(Quantities.formatNumber(Math.round(context)))
        .append(" tokens of context each): ")
        .append(split(decode))
        .append('\n');
    if (g.role() != dev.servplan.compiler.plan.Role.PREFILL) {
      speculation(out, g, config, seqs, context);
    }
    LoraExplainer.explain(out, costModel, config, g, seqs, context);
    SmPartitionExplainer.explain(out, costModel, g, config, seqs, context);
    IterationCost prefill =
        costModel.iteration(config, BatchShape.prefill(1, Math.max(1, g.maxNumBatchedTokens())));
    out.append("    prefill chunk (")
        .append(g.maxNumBatchedTokens())
        .append(" tokens): ")
        .append(split(prefill))
        .append('\n');
    offload(out, g, config, decode.total().seconds());
    expertOffload(out, g, config, seqs);
  }

  /**
   * With MoE experts served from host memory: the cache size, and the expected expert loads and
   * their transfer time for one decode token, a full decode batch and a full prefill chunk.
   */
  private void expertOffload(StringBuilder out, Group g, InstanceConfig config, int seqs) {
    if (ExpertOffload.of(g).isEmpty()) {
      return;
    }
    int cached = ExpertOffload.of(g).get().cachedExperts();
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (!config.model().isMoe() || cached >= ExpertCache.localExperts(config) || link.isEmpty()) {
      out.append("    expert offload: ")
          .append(cached)
          .append(" experts cached per layer, which this model, ep or host tier cannot cost\n");
      return;
    }
    ExpertCache cache = ExpertCache.of(config, cached, link.get());
    out.append("    expert offload: ")
        .append(cached)
        .append(" of ")
        .append(ExpertCache.localExperts(config))
        .append(" routed experts per layer stay on each GPU, ")
        .append(cache.hostBytes())
        .append(" of experts per GPU in host memory; under uniform top-")
        .append(config.model().expertsPerToken())
        .append(" routing an iteration loads, per layer, over ")
        .append(link.get().id())
        .append(":\n");
    int[] tokens = {1, seqs, g.maxNumBatchedTokens()};
    String[] what = {"1 decode token", seqs + " decode tokens", "a full prefill chunk"};
    for (int i = 0; i < tokens.length; i++) {
      if (i == 1 && seqs <= 1) {
        continue;
      }
      out.append("      ")
          .append(what[i])
          .append(": ")
          .append(Quantities.formatNumber(Math.round(cache.expectedLoads(tokens[i]) * 100) / 100.0))
          .append(" experts, +")
          .append(Duration.ofSeconds(cache.transferSeconds(tokens[i])))
          .append(" per iteration\n");
    }
  }

  /**
   * With weights offloaded to host memory: how much, over which link, and what each forward pass
   * pays for it next to the full decode step's compute (the transfer is not overlapped).
   */
  private void offload(StringBuilder out, Group g, InstanceConfig config, double decodeS) {
    if (Offload.of(g).isEmpty()) {
      return;
    }
    // Weights on NVMe and KV cache in host memory: OffloadTierExplainer.
    OffloadTierExplainer.explain(
        out, g, config, costModel.memory(config, MemoryOptions.DEFAULT).kvBytesPerToken());
    double gib = Offload.of(g).get().weightsHostGib();
    if (gib <= 0) {
      return;
    }
    Optional<HostOffload> o = HostOffload.of(config.gpu(), Bytes.ofGiB(gib));
    if (o.isEmpty()) {
      out.append("    offload: ")
          .append(Quantities.formatNumber(gib))
          .append(" GiB of weights per GPU in host memory; the host link is not in the catalog\n");
      return;
    }
    double t = o.get().transferSeconds();
    out.append("    offload: ")
        .append(Quantities.formatNumber(gib))
        .append(" GiB of weights per GPU stay in host memory (")
        .append(HostOffload.hostTier(config.gpu()).id())
        .append(" host tier, ")
        .append(HostOffload.hostShare(config.gpu()))
        .append(" per GPU) and cross ")
        .append(o.get().hostLink().id())
        .append(" at ")
        .append(Quantities.formatNumber(o.get().hostLink().bandwidthBytesPerS() / 1e9))
        .append(" GB/s in every forward pass: +")
        .append(Duration.ofSeconds(t))
        .append(" per iteration (the full decode step above computes in ")
        .append(Duration.ofSeconds(decodeS))
        .append("), in exchange for that much more KV cache per GPU\n");
  }

  /**
   * Whether the group speculates, the expected tokens per step E, and the per-token decode time
   * with and without the draft at one sequence and at a full batch (the gain fades as the batch
   * grows).
   */
  private void speculation(
      StringBuilder out, Group g, InstanceConfig config, int seqs, double context) {
    if (Speculation.of(g).isEmpty()) {
      out.append("    speculative decoding: off\n");
      return;
    }
    Speculation sd = Speculation.of(g).get();
    Optional<ModelArch> draft = Catalogs.models().find(sd.draft());
    if (draft.isEmpty()) {
      out.append("    speculative decoding: on with draft '")
          .append(sd.draft())
          .append("', which is not in the catalog, so the gain cannot be costed\n");
      return;
    }
    SpeculativeStep step =
        new SpeculativeStep(
            SpeculativeStep.draftConfig(draft.get(), config), sd.acceptance(), sd.tokens());
    double e = step.expectedTokens();
    out.append("    speculative decoding: on: draft ")
        .append(sd.draft())
        .append(" proposes ")
        .append(sd.tokens())
        .append(" tokens per step, each accepted with probability ")
        .append(Quantities.formatNumber(Math.round(sd.acceptance() * 1000) / 10.0))
        .append("%, so E = ")
        .append(Quantities.formatNumber(Math.round(e * 100) / 100.0))
        .append(" tokens per step\n");
    for (int b : seqs > 1 ? new int[] {1, seqs} : new int[] {1}) {
      BatchShape shape = BatchShape.decode(b, context);
      double plain = costModel.iteration(config, shape).total().seconds();
      double spec = step.stepSeconds(costModel, config, shape) / e;
      out.append("      per-token decode time at ")
          .append(b)
          .append(b == 1 ? " sequence: " : " sequences: ")
          .append(Duration.ofSeconds(spec))
          .append(" with the draft vs ")
          .append(Duration.ofSeconds(plain))
          .append(" without (")
          .append(spec < plain ? "" : "+")
          .append(Quantities.formatNumber(Math.round((spec / plain - 1) * 1000) / 10.0))
          .append("%)\n");
    }
  }

  private static String split(IterationCost c) {
    double total = c.total().seconds();
    return c.total()
        + " = gemm "
        + pct(c.gemm(), total)
        + ", attention "
        + pct(c.attention(), total)
        + ", communication "
        + pct(c.communication(), total)
        + ", elementwise "
        + pct(c.elementwise(), total)
        + ", overhead "
        + pct(c.overhead(), total);
  }

  private static String pct(Duration part, double total) {
    return total > 0
        ? Quantities.formatNumber(Math.round(part.seconds() / total * 1000) / 10.0) + "%"
        : "0%";
  }

  private static String shape(Group g) {
    return g.instances()
        + " x "
        + g.gpusPerInstance()
        + " "
        + g.gpu()
        + " (tp="
        + g.tp()
        + " pp="
        + g.pp()
        + " ep="
        + g.ep()
        + ", "
        + g.weights().id()
        + " weights, "
        + g.kvDtype().id()
        + " KV, max "
        + g.maxNumSeqs()
        + " seqs, "
        + g.maxNumBatchedTokens()
        + " batched tokens) on pool "
        + g.pool();
  }
}
