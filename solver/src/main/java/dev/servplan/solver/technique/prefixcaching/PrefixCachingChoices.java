package dev.servplan.solver.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.hwdb.technique.prefixcaching.PrefixReservation;
import dev.servplan.solver.Demand;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.List;

/**
 * Prefix caching in the search: with and without under {@code auto} when the workload shares a
 * prefix, only with under {@code always}, only without under {@code never} or without a prefix. A
 * caching instance sees the cached demand (hits skip their prefix's prefill) and keeps the prefix's
 * blocks reserved. A decode instance never prefills, so it never caches.
 */
public final class PrefixCachingChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public List<Draft> choices(Draft d) {
    if (d.role() == Role.DECODE) {
      return List.of(d);
    }
    Demand cached = d.cachedDemand();
    Draft on =
        d.with(PrefixCaching.ON, new PrefixReservation(cached.reservedPrefixTokens()))
            .withDemand(cached);
    switch (d.options().effective(Technique.PREFIX_CACHING)) {
      case ALWAYS:
        return List.of(on);
      case NEVER:
        return List.of(d);
      default:
        return Demand.hasPrefix(d.deployment()) ? List.of(d, on) : List.of(d);
    }
  }
}
