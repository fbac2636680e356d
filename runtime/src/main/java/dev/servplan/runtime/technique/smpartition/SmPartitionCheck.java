package dev.servplan.runtime.technique.smpartition;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;

/**
 * A group's SM partition (P0607): prefill and decode streams share one instance, so only a unified
 * group has both, and SGLang's PD multiplexing needs pp 1. {@code SmSplit} itself keeps the share
 * in (0, 1).
 */
public final class SmPartitionCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    Group group = target.view().group();
    if (group.role() != Role.UNIFIED || group.pp() != 1) {
      out.add(
          Violation.of(
              PlanCode.P0607,
              target.path() + ".sm_partition",
              "sm_partition needs a unified group with pp 1, got a "
                  + group.role().id()
                  + " group with pp "
                  + group.pp()));
    }
  }
}
