package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A distribution of token counts. {@code mean} is always set (for {@code fixed}, the value); the
 * other statistics are what the spec states. Samplers fit the distribution's parameters from them.
 */
public record LengthDist(
    Val<Kind> kind,
    Val<Double> mean,
    Optional<Val<Double>> p50,
    Optional<Val<Double>> p99,
    Optional<Val<Double>> min,
    Optional<Val<Double>> max,
    Span span) {
  /** Distribution families. */
  public enum Kind {
    FIXED,
    LOGNORMAL,
    NORMAL,
    UNIFORM,
    EXPONENTIAL;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LengthDist {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(span, "span");
  }

  public static LengthDist fixed(Val<Double> value) {
    return new LengthDist(
        new Val<>(Kind.FIXED, value.span()),
        value,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        value.span());
  }
}
