package dev.servplan.compiler.technique.lora;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.List;

/** Multiplexed adapters occupy slots and run kernels; a merged adapter costs nothing extra. */
public final class LoraPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    LoraPlan l = (LoraPlan) setting;
    return l.merged() ? List.of() : List.of(l.serving());
  }
}
