package dev.servplan.runtime.technique.lora;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;

/**
 * A group's adapters (P0607): servplan costs multiplexed adapters with every one resident, so
 * {@code max_loras} must hold them all; swapping adapters in from host memory is not modelled.
 */
public final class LoraCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    LoraPlan l = (LoraPlan) setting;
    if (!l.merged() && l.maxLoras() < l.adapterCount()) {
      out.add(
          Violation.of(
              PlanCode.P0607,
              target.path() + ".lora.max_loras",
              "max_loras "
                  + l.maxLoras()
                  + " holds fewer than the "
                  + l.adapterCount()
                  + " adapters the group serves; servplan costs every adapter resident"));
    }
  }
}
