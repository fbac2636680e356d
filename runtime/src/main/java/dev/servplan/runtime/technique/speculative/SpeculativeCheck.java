package dev.servplan.runtime.technique.speculative;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A group's speculative draft (P0104, P0607): a catalog model that runs on the target's GPUs at its
 * tensor parallelism, as the solver places it.
 */
public final class SpeculativeCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    Speculation sd = (Speculation) setting;
    String at = target.path() + ".speculative.draft";
    Optional<ModelArch> draft = Catalogs.models().find(sd.draft());
    if (draft.isEmpty()) {
      out.add(Violation.of(PlanCode.P0104, at, sd.draft()));
      return;
    }
    if (target.config().isPresent()) {
      InstanceConfig c = SpeculativeStep.draftConfig(draft.get(), target.config().get());
      if (!c.problems().isEmpty()) {
        out.add(
            Violation.of(
                PlanCode.P0607,
                at,
                "draft '"
                    + sd.draft()
                    + "' cannot run beside the target at tp "
                    + target.config().get().tp()
                    + ": "
                    + String.join("; ", c.problems())));
      }
    }
  }
}
