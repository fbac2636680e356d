package dev.servplan.runtime.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.List;

/**
 * One serving technique's part in the engine launch files (docs/architecture.md): why an engine
 * cannot run the group's setting, and the flags, option-file entries, files and prepared
 * checkpoints it adds when it can. The engine emitters call every registered part for every group,
 * in the order of {@code META-INF/services/dev.servplan.runtime.technique.EngineFlags}, whether or
 * not the group uses the technique: a part writes nothing for a group without its setting unless
 * the engine needs the technique's state either way. {@link RuntimeTechniques} finds them.
 */
public interface EngineFlags {
  /** The technique whose flags these are. */
  Technique technique();

  /**
   * Why {@code group.engine()} cannot run the group's setting of this technique, each message
   * naming the group and the way out; empty when it can, or when the group does not use it. The
   * first technique that refuses stops the group.
   */
  default List<String> refusals(EngineGroup group) {
    return List.of();
  }

  /**
   * Adds what the engine needs to run the group's setting to {@code launch}: called after the
   * engine's own flags (parallelism, batching, memory, precision) and before its disaggregation
   * flags, only for groups no technique refused.
   */
  default void contribute(EngineGroup group, EngineLaunch launch) {}
}
