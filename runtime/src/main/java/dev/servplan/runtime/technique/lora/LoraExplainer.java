package dev.servplan.runtime.technique.lora;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The explain lines of a group that serves LoRA adapters: which adapters, the memory their slots
 * take from the KV cache, the expected distinct adapters in a full batch and what the LoRA kernels
 * add to a decode step, and why multiplexing beats a merged copy per adapter.
 */
public final class LoraExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  @Override
  public void afterDecodeStep(ExplainStep step, StringBuilder out) {
    explain(out, step.costModel(), step.config(), step.group(), step.seqs(), step.context());
  }

  private static void explain(
      StringBuilder out,
      CostModel costModel,
      InstanceConfig config,
      Group g,
      int seqs,
      double context) {
    if (LoraPlan.of(g).isEmpty()) {
      return;
    }
    LoraPlan plan = LoraPlan.of(g).get();
    if (plan.merged()) {
      LoraPlan.AdapterSet a = plan.adapters().get(0);
      out.append("    LoRA: adapter ")
          .append(a.name())
          .append(" (rank ")
          .append(a.rank())
          .append(") takes all the traffic and is merged into the weights (W + B·A): no adapter")
          .append(" slots or LoRA kernels; the engine loads the merged checkpoint\n");
      return;
    }
    LoraServing lora = plan.serving();
    List<String> families = new ArrayList<>();
    for (LoraPlan.AdapterSet a : plan.adapters()) {
      families.add(a.name() + " " + a.count() + " x rank " + a.rank() + ", " + pct(a.share()));
    }
    double base = 1 - plan.loraShare();
    Bytes reserve = lora.reservePerGpu(config);
    out.append("    LoRA: ")
        .append(plan.adapterCount())
        .append(plan.adapterCount() == 1 ? " adapter (" : " adapters (")
        .append(String.join("; ", families))
        .append(base > 1e-9 ? "; base model " + pct(base) : "")
        .append(") multiplexed on the shared base weights, all resident: max_loras ")
        .append(plan.maxLoras())
        .append(" slots of rank ")
        .append(plan.maxRank())
        .append(" take ")
        .append(reserve)
        .append(" per GPU from the KV cache\n");
    BatchShape full = BatchShape.decode(seqs, context);
    double distinct = lora.expectedDistinct(seqs);
    double plain = costModel.seconds(config, full);
    double extra = costModel.loraSeconds(config, lora, seqs * lora.loraShare(), distinct);
    out.append("      a decode step of ")
        .append(seqs)
        .append(" sequences holds ")
        .append(Quantities.formatNumber(Math.round(distinct * 10) / 10.0))
        .append(" distinct adapters on average; their kernels add ")
        .append(Duration.ofSeconds(extra))
        .append(" (+")
        .append(Quantities.formatNumber(Math.round(extra / plain * 1000) / 10.0))
        .append("%)\n");
    int dedicated = plan.adapterCount() + (base > 1e-9 ? 1 : 0);
    out.append("      a merged copy of the model per adapter would need at least ")
        .append(dedicated)
        .append(" instances (")
        .append(dedicated * g.gpusPerInstance())
        .append(" GPUs at this shape) against ")
        .append(g.instances())
        .append(" here; servplan does not plan that alternative\n");
  }

  private static String pct(double share) {
    return Quantities.formatNumber(Math.round(share * 1000) / 10.0) + "%";
  }
}
