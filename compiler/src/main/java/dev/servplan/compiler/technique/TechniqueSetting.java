package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.Set;

/**
 * A group's setting of one serving technique: the block the technique reads from and writes to a
 * plan group (docs/architecture.md). Each technique's setting is a record in the technique's own
 * package.
 */
public interface TechniqueSetting {
  /** The technique this setting belongs to. */
  Technique technique();

  /** The cost terms this setting brings ({@link Compatibility}); none by default. */
  default Set<CostTerm> terms() {
    return Set.of();
  }
}
