package dev.servplan.runtime.technique;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.runtime.emit.EmitOptions;
import java.util.Objects;

/**
 * A plan group as an engine emitter launches it: the engine (Kubernetes manifests run vLLM), the
 * deployment, the group's label within it ({@code unified}, {@code prefill}, {@code decode1}, …),
 * the group, and the emit options.
 */
public record EngineGroup(
    Engine engine, PlanDeployment deployment, String label, Group group, EmitOptions options) {
  public EngineGroup {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(options, "options");
  }

  /** The start of a message about the group: {@code deployment 'chat' group prefill: }. */
  public String where() {
    return "deployment '" + deployment.name() + "' group " + label + ": ";
  }

  /**
   * The start of a message about what the group loads, as the checkpoint messages name it: {@code
   * deployment 'chat' (prefill): }.
   */
  public String whereCheckpoint() {
    return "deployment '" + deployment.name() + "' (" + group.role().id() + "): ";
  }

  /** Whether {@code --model DEPLOYMENT=REPO} names the deployment's checkpoint. */
  public boolean namedCheckpoint() {
    return options.modelRepos().containsKey(deployment.name());
  }
}
