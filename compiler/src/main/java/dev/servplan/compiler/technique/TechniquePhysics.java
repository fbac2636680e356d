package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.List;

/**
 * How a plan group's setting of one technique becomes the terms of the instance model in hwdb
 * ({@link InstanceTerm}): the one mapping the simulator and the verifier use, so that they charge
 * exactly the physics the solver costed. Each technique registers one in {@code
 * META-INF/services/dev.servplan.compiler.technique.TechniquePhysics}.
 */
public interface TechniquePhysics {
  Technique technique();

  /**
   * The terms {@code setting} brings to {@code target}'s instance, or none, adding to {@code
   * problems} what cannot be resolved (an unknown draft model, a host tier with no link).
   */
  List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems);

  /**
   * The group being resolved: its configuration, one GPU's memory before any technique (at the
   * group's token budget), and the tokens of the deployment's shared prompt prefix.
   */
  record Target(
      Group group, InstanceConfig config, MemoryEstimate natural, long sharedPrefixTokens) {}
}
