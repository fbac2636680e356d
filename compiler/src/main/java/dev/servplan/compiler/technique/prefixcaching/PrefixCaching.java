package dev.servplan.compiler.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.TechniqueSetting;

/**
 * A group whose engine reuses cached prompt prefixes (the plan's {@code prefix_caching: true});
 * absent when it does not. It carries no parameters: the prefix and its hit rate are the spec's.
 */
public record PrefixCaching() implements TechniqueSetting {
  /** The one value. */
  public static final PrefixCaching ON = new PrefixCaching();

  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  /** Whether the group caches prefixes. */
  public static boolean on(Group group) {
    return group.techniques().uses(Technique.PREFIX_CACHING);
  }
}
