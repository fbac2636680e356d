package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;

/**
 * What a technique's option states beyond its toggle ({@code auto}, {@code never}, {@code always}),
 * as its {@link TechniqueSpec} lowered it. {@link Options} holds at most one per technique; the
 * technique's package gives the typed accessor.
 */
public interface TechniqueOptions {
  /** The technique whose option this is. */
  Technique technique();

  /** The option in the canonical IR text, printed in place of the toggle. */
  String text();
}
