package dev.servplan.compiler.technique.speculative;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment's speculative-decoding setup (its {@code speculative} block): a smaller draft model
 * proposes {@code tokens} tokens per step that the target verifies, each accepted with probability
 * {@code acceptance}.
 */
public record Speculative(
    Val<String> draft, Val<Fraction> acceptance, Val<Integer> tokens, Span span)
    implements TechniqueBlock {
  public Speculative {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(acceptance, "acceptance");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(span, "span");
  }

  /** The deployment's speculative-decoding setup, if it declares one. */
  public static Optional<Speculative> of(Deployment deployment) {
    return deployment.block(Technique.SPECULATIVE_DECODING, Speculative.class);
  }

  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public List<String> irLines() {
    return List.of(
        "speculative draft="
            + draft.value()
            + " acceptance="
            + acceptance.value()
            + " tokens="
            + tokens.value());
  }
}
