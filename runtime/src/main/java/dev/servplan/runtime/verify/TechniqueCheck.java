package dev.servplan.runtime.verify;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import java.util.List;
import java.util.Optional;

/**
 * One technique's checks of a plan group's setting in the verifier: what the setting may claim
 * given the spec, the GPU's host tier and the model. The memory the setting changes is the instance
 * model's (hwdb), so a check states only what the technique alone knows. Each technique implements
 * it in {@code dev.servplan.runtime.technique.<name>} and registers it in {@code
 * META-INF/services/dev.servplan.runtime.verify.TechniqueCheck}.
 */
public interface TechniqueCheck {
  Technique technique();

  /** Checks the group's setting of this technique, adding violations to {@code out}. */
  void check(TechniqueSetting setting, Target target, List<Violation> out);

  /** Whether the group's setting states its KV format {@code kv} (a compressed format). */
  default boolean declaresKvDtype(TechniqueSetting setting, Dtype kv) {
    return false;
  }

  /** Whether the group's setting allows its KV format beyond the spec's precisions. */
  default boolean allowsKvDtype(TechniqueSetting setting, Dtype kv, PlanContext plan) {
    return false;
  }

  /**
   * For a KV format only this technique may introduce, the message when a group uses it without the
   * technique's setting.
   */
  default Optional<String> undeclaredKvDtype(Dtype kv) {
    return Optional.empty();
  }

  /**
   * The group under check: the plan, the group's view, its path in the plan, its configuration
   * (when the model and GPU resolve) and one GPU's memory before any technique.
   */
  record Target(
      PlanContext plan,
      PlanContext.GroupView view,
      String path,
      Optional<InstanceConfig> config,
      Optional<MemoryEstimate> natural) {}
}
