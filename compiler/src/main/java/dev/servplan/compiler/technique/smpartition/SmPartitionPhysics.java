package dev.servplan.compiler.technique.smpartition;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import java.util.List;

/** A unified group's SM split; other roles run one phase and have none to split. */
public final class SmPartitionPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    if (target.group().role() != Role.UNIFIED) {
      problems.add("sm_partition: only a unified group runs both phases");
      return List.of();
    }
    return List.of(new SmPartition(((SmSplit) setting).prefill()));
  }
}
