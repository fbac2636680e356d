package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Fraction;
import java.util.Objects;

/**
 * A deployment's speculative-decoding setup: a smaller draft model proposes {@code tokens} tokens
 * per step that the target verifies, each accepted with probability {@code acceptance}.
 */
public record Speculative(
    Val<String> draft, Val<Fraction> acceptance, Val<Integer> tokens, Span span) {
  public Speculative {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(acceptance, "acceptance");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(span, "span");
  }
}
