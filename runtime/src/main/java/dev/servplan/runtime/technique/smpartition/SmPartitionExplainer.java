package dev.servplan.runtime.technique.smpartition;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.List;

/**
 * The explain lines of a unified group's SM partitioning: the split, and what it does to a decode
 * step and a prefill chunk running at once, next to the whole GPU and to chunked prefill (the chunk
 * riding in the decode step).
 */
public final class SmPartitionExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public void afterDecodeStep(ExplainStep step, StringBuilder out) {
    explain(out, step.costModel(), step.group(), step.config(), step.seqs(), step.context());
  }

  private static void explain(
      StringBuilder out,
      CostModel costModel,
      Group g,
      InstanceConfig config,
      int seqs,
      double context) {
    if (g.role() != Role.UNIFIED) {
      return;
    }
    if (SmSplit.of(g).isEmpty()) {
      out.append("    SM partitioning: off (prefill chunks ride in the decode iterations)\n");
      return;
    }
    SmSplit split = SmSplit.of(g).get();
    SmPartition p = new SmPartition(split.prefill());
    int chunkTokens = Math.max(1, g.maxNumBatchedTokens());
    BatchShape decode = BatchShape.decode(seqs, context);
    BatchShape chunk = BatchShape.prefill(1, chunkTokens);
    double decodeShared = p.decodeSeconds(costModel, config, decode, chunk);
    double decodeWhole = costModel.seconds(config, decode);
    double chunkShared = p.prefillSeconds(costModel, config, chunk, decode);
    double chunkWhole = costModel.seconds(config, chunk);
    double mixed =
        costModel
            .iteration(config, new BatchShape(chunk.prefills(), seqs, decode.decodeContextTokens()))
            .total()
            .seconds();
    out.append("    SM partitioning: prefill stream on ")
        .append(pct(split.prefill()))
        .append(" of each GPU's SMs, decode stream on ")
        .append(pct(split.decode()))
        .append(", sharing weights and KV cache; while both run:\n");
    for (String line :
        List.of(
            "decode step ("
                + seqs
                + " sequences): "
                + Duration.ofSeconds(decodeShared)
                + " on its SMs vs "
                + Duration.ofSeconds(decodeWhole)
                + " on the whole GPU",
            "prefill chunk ("
                + chunkTokens
                + " tokens): "
                + Duration.ofSeconds(chunkShared)
                + " on its SMs vs "
                + Duration.ofSeconds(chunkWhole)
                + " on the whole GPU",
            "with chunked prefill the decode step carrying that chunk would take "
                + Duration.ofSeconds(mixed))) {
      out.append("      ").append(line).append('\n');
    }
  }

  private static String pct(double share) {
    return Math.round(share * 100) + "%";
  }
}
