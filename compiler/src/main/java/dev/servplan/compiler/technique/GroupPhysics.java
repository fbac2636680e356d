package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A plan group's instance model: its configuration at its token budget with the terms of every
 * technique it uses, resolved by the techniques' {@link TechniquePhysics}. The simulator and the
 * verifier build the instance they check this way; the solver builds the same terms directly from
 * its choices.
 */
public final class GroupPhysics {
  private static final Map<Technique, TechniquePhysics> ALL = load();

  private GroupPhysics() {}

  private static Map<Technique, TechniquePhysics> load() {
    Map<Technique, TechniquePhysics> out = new EnumMap<>(Technique.class);
    for (TechniquePhysics p :
        ServiceLoader.load(TechniquePhysics.class, TechniquePhysics.class.getClassLoader())) {
      if (out.put(p.technique(), p) != null) {
        throw new IllegalStateException("two physics plug-ins for " + p.technique().id());
      }
    }
    return Map.copyOf(out);
  }

  /** The registered plug-ins, by technique. */
  public static Map<Technique, TechniquePhysics> all() {
    return ALL;
  }

  /** The group's engine memory limits: vLLM's defaults at the group's token budget. */
  public static MemoryOptions memoryOptions(Group group) {
    return MemoryOptions.DEFAULT.withMaxTokensPerIteration(group.maxNumBatchedTokens());
  }

  /**
   * The instance model of {@code group} on {@code config}; what cannot be resolved is added to
   * {@code problems} and left out.
   */
  public static InstanceModel instance(
      CostModel costModel,
      InstanceConfig config,
      Group group,
      long sharedPrefixTokens,
      List<String> problems) {
    MemoryOptions options = memoryOptions(group);
    TechniquePhysics.Target target =
        new TechniquePhysics.Target(
            group, config, costModel.memory(config, options), sharedPrefixTokens);
    List<InstanceTerm> terms = new ArrayList<>();
    for (TechniqueSetting s : group.techniques().all()) {
      TechniquePhysics p = ALL.get(s.technique());
      if (p == null) {
        throw new IllegalStateException("no physics plug-in registered for " + s.technique().id());
      }
      terms.addAll(p.terms(s, target, problems));
    }
    return InstanceModel.of(costModel, config, options, terms);
  }
}
