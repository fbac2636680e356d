package dev.servplan.compiler.technique.kvcompression;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.kvcompression.KvEvictionBudget;
import java.util.List;

/**
 * A group's eviction budget; its compressed KV format is the group's {@code kv_dtype}, part of the
 * configuration.
 */
public final class KvCompressionPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    return ((KvCompressionSetting) setting)
        .evictionBudget()
        .<List<InstanceTerm>>map(b -> List.of(new KvEvictionBudget(b)))
        .orElse(List.of());
  }
}
