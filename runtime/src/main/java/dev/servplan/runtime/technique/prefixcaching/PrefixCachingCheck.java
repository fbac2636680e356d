package dev.servplan.runtime.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;

/**
 * Prefix caching on a group (P0607): a decode-only group never prefills, so a cache of prompt
 * prefixes there would only hold KV blocks; the solver never plans it.
 */
public final class PrefixCachingCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    if (target.view().group().role() == Role.DECODE) {
      out.add(
          Violation.of(
              PlanCode.P0607,
              target.path() + ".prefix_caching",
              "a decode group never prefills, so it does not cache prompt prefixes"));
    }
  }
}
