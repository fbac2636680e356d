package dev.servplan.compiler.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.prefixcaching.PrefixReservation;
import java.util.List;

/** A caching group keeps the deployment's shared prefix reserved in its KV cache. */
public final class PrefixCachingPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    return List.of(new PrefixReservation(target.sharedPrefixTokens()));
  }
}
