package dev.servplan.runtime.technique.speculative;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.Optional;

/**
 * Whether a group that decodes speculates, the expected tokens per step E, and the per-token decode
 * time with and without the draft at one sequence and at a full batch (the gain fades as the batch
 * grows). A speculating group's KV cache also holds the draft's KV for every token.
 */
public final class SpeculativeExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public double addedKvBytesPerToken(Group g) {
    return Speculation.of(g)
        .flatMap(sd -> Catalogs.models().find(sd.draft()))
        .map(draft -> ModelMath.kvBytesPerToken(draft, g.kvDtype()).bytes())
        .orElse(0.0);
  }

  @Override
  public void afterDecodeStep(ExplainStep step, StringBuilder out) {
    Group g = step.group();
    if (g.role() == Role.PREFILL) {
      return;
    }
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
    CostModel costModel = step.costModel();
    InstanceConfig config = step.config();
    int seqs = step.seqs();
    SpeculativeStep spec =
        new SpeculativeStep(
            SpeculativeStep.draftConfig(draft.get(), config), sd.acceptance(), sd.tokens());
    double e = spec.expectedTokens();
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
      BatchShape shape = BatchShape.decode(b, step.context());
      double plain = costModel.seconds(config, shape);
      double perToken = spec.stepSeconds(costModel, config, shape) / e;
      out.append("      per-token decode time at ")
          .append(b)
          .append(b == 1 ? " sequence: " : " sequences: ")
          .append(Duration.ofSeconds(perToken))
          .append(" with the draft vs ")
          .append(Duration.ofSeconds(plain))
          .append(" without (")
          .append(perToken < plain ? "" : "+")
          .append(Quantities.formatNumber(Math.round((perToken / plain - 1) * 1000) / 10.0))
          .append("%)\n");
    }
  }
}
