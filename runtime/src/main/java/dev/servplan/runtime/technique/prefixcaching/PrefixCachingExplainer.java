package dev.servplan.runtime.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.runtime.technique.TechniqueExplainer;

/** Whether a group that prefills reuses cached prompt prefixes, and what that costs it. */
public final class PrefixCachingExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public void group(PlanDeployment deployment, Group g, StringBuilder out) {
    if (g.role() == Role.DECODE) {
      return;
    }
    out.append(
        PrefixCaching.on(g)
            ? "    prefix caching: on: prompt tokens found in the prefix cache are not prefilled again; the"
                + " shared prefix's KV blocks stay reserved on each instance\n"
            : "    prefix caching: off: every prompt token is prefilled and no KV cache is reserved for a"
                + " shared prefix\n");
  }
}
