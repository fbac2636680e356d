package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Rate;
import java.util.Objects;
import java.util.Optional;

/** The traffic a deployment must serve. */
public record Workload(
    Val<Rate> rate,
    Arrival arrival,
    LengthDist input,
    LengthDist output,
    Optional<Prefix> prefix,
    Span span) {
  public Workload {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(span, "span");
  }

  /** A prompt prefix shared by a share of requests (system prompt, few-shot examples). */
  public record Prefix(Val<Long> sharedTokens, Val<Fraction> hitRate, Span span) {
    public Prefix {
      Objects.requireNonNull(sharedTokens, "sharedTokens");
      Objects.requireNonNull(hitRate, "hitRate");
      Objects.requireNonNull(span, "span");
    }
  }
}
