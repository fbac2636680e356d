package dev.servplan.solver.technique;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.solver.QueueModel;
import java.util.List;
import java.util.Optional;

/**
 * One technique's part of the solver's search (docs/solver.md, "Where techniques are expanded"):
 * the settings it tries on a candidate, and the hooks through which it changes the search. Each
 * technique implements it in {@code dev.servplan.solver.technique.<name>} and registers it in
 * {@code META-INF/services/dev.servplan.solver.technique.TechniqueChoices}.
 */
public interface TechniqueChoices {
  Technique technique();

  /**
   * The drafts to evaluate for {@code draft}: {@code draft} itself (the technique off) where the
   * technique may be off, and one draft per setting it tries. An empty list rules the draft out.
   */
  List<Draft> choices(Draft draft);

  /**
   * Whether the technique only moves memory off the GPU (freeing memory, adding transfer time):
   * such a technique is expanded only where memory limits the candidate without it (the
   * memory-pressure rule), and one such technique at a time.
   */
  default boolean relievesMemory() {
    return false;
  }

  /** Configurations beyond the deployment's own precisions that the technique adds on a pool. */
  default List<InstanceConfig> configs(
      ResolvedDeployment deployment,
      ResolvedPool pool,
      Options options,
      List<InstanceConfig> base) {
    return List.of();
  }

  /**
   * How lossy a setting is (0: lossless): at the optimal cost, the solver keeps the least lossy
   * plan, so a lossy technique is used only where it lowers the cost.
   */
  default int lossiness(TechniqueSetting setting) {
    return 0;
  }

  /** The technique's own queueing model of {@code owner}'s instance, if it restructures it. */
  default Optional<QueueOverride> queue(QueueModel owner) {
    return Optional.empty();
  }
}
