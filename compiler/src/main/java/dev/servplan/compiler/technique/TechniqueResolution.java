package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.validate.ResolvedDeployment;

/**
 * What validation resolved from a technique's {@link TechniqueBlock} against the catalogs (for
 * example a catalog model the block names). {@link ResolvedDeployment} holds at most one per
 * technique; the technique's package gives the typed accessor.
 */
public interface TechniqueResolution {
  /** The technique whose block was resolved. */
  Technique technique();
}
