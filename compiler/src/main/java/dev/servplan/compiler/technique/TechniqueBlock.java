package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Technique;
import java.util.List;

/**
 * A technique's block in a deployment, as its {@link BlockSpec} lowered it (for example the draft
 * model of one technique, the adapter families of another). {@link Deployment} holds at most one
 * per technique; the technique's package gives the typed accessor.
 */
public interface TechniqueBlock {
  /** The technique whose block this is. */
  Technique technique();

  /** The block in the canonical IR text: lines printed under the deployment, none for nothing. */
  List<String> irLines();
}
