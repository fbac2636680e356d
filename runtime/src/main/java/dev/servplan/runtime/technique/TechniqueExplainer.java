package dev.servplan.runtime.technique;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;

/**
 * One serving technique's part in {@code servplan explain} (docs/architecture.md): its lines about
 * a group, placed at three points of the group's text, and how it changes the full decode step the
 * text splits. The plan explainer calls every registered part for every group, in the order of
 * {@code META-INF/services/dev.servplan.runtime.technique.TechniqueExplainer}; a part may write a
 * line for a group without its setting (e.g. "off"). {@link RuntimeTechniques} finds them.
 */
public interface TechniqueExplainer {
  /** The technique whose text this is. */
  Technique technique();

  /** Lines after the group's memory line, before the iteration split (written for every group). */
  default void group(PlanDeployment deployment, Group group, StringBuilder out) {}

  /**
   * KV-cache bytes per token of context the technique adds to the model's own in the group's dtype,
   * e.g. a second model's KV; 0 when none.
   */
  default double addedKvBytesPerToken(Group group) {
    return 0;
  }

  /**
   * The context each sequence attends to in the full decode step, given the one the KV cache allows
   * ({@code context}, capped by the model's maximum) and the KV tokens per sequence.
   */
  default double attendedContext(Group group, double context, double kvTokensPerSequence) {
    return context;
  }

  /** Lines after the full decode step's split. */
  default void afterDecodeStep(ExplainStep step, StringBuilder out) {}

  /** Lines after the prefill chunk's split, the last of the group's iteration lines. */
  default void afterPrefillChunk(ExplainStep step, StringBuilder out) {}
}
