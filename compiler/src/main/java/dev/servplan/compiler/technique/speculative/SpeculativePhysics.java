package dev.servplan.compiler.technique.speculative;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import java.util.List;
import java.util.Optional;

/** A speculating group's step: its draft from the model catalog on the target's GPUs and TP. */
public final class SpeculativePhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    Speculation sd = (Speculation) setting;
    Optional<ModelArch> draft = Catalogs.models().find(sd.draft());
    if (draft.isEmpty()) {
      problems.add("speculative: unknown draft model '" + sd.draft() + "'");
      return List.of();
    }
    InstanceConfig config = SpeculativeStep.draftConfig(draft.get(), target.config());
    if (!config.problems().isEmpty()) {
      problems.add(
          "speculative: the draft cannot run at tp "
              + target.config().tp()
              + ": "
              + String.join("; ", config.problems()));
      return List.of();
    }
    return List.of(new SpeculativeStep(config, sd.acceptance(), sd.tokens()));
  }
}
