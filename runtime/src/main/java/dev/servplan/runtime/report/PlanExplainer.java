package dev.servplan.runtime.report;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Slack;
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
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.RuntimeTechniques;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.Comparator;
import java.util.Optional;

/**
 * Human-readable reasoning for a plan ({@code servplan explain PLAN}): per deployment, what it runs
 * and costs next to the baseline, memory per GPU, where an iteration's time goes according to the
 * cost model, and which constraint binds. Each technique's lines come from its {@link
 * TechniqueExplainer}, in registration order, at three points of a group's text.
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
      for (TechniqueExplainer t : RuntimeTechniques.explainers()) {
        t.group(d, g, out);
      }
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
    // A technique may hold more KV per token (a second model's) or attend to less context.
    double addedKv = 0;
    for (TechniqueExplainer t : RuntimeTechniques.explainers()) {
      addedKv += t.addedKvBytesPerToken(g);
    }
    double kvPerToken = ModelMath.kvBytesPerToken(model.get(), g.kvDtype()).bytes() + addedKv;
    double kvTokens = g.kvCachePerGpu().bytes() * g.gpusPerInstance() / kvPerToken;
    int seqs = Math.max(1, g.maxNumSeqs());
    double context = Math.max(1, Math.min(kvTokens / seqs, model.get().maxContext()));
    for (TechniqueExplainer t : RuntimeTechniques.explainers()) {
      context = t.attendedContext(g, context, kvTokens / seqs);
    }
    IterationCost decode = costModel.iteration(config, BatchShape.decode(seqs, context));
    out.append("    decode step (")
        .append(seqs)
        .append(" sequences, ")
        .append(Quantities.formatNumber(Math.round(context)))
        .append(" tokens of context each): ")
        .append(split(decode))
        .append('\n');
    ExplainStep step = new ExplainStep(costModel, d, g, config, seqs, context, decode);
    for (TechniqueExplainer t : RuntimeTechniques.explainers()) {
      t.afterDecodeStep(step, out);
    }
    IterationCost prefill =
        costModel.iteration(config, BatchShape.prefill(1, Math.max(1, g.maxNumBatchedTokens())));
    out.append("    prefill chunk (")
        .append(g.maxNumBatchedTokens())
        .append(" tokens): ")
        .append(split(prefill))
        .append('\n');
    for (TechniqueExplainer t : RuntimeTechniques.explainers()) {
      t.afterPrefillChunk(step, out);
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
