package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Solver options. Defaults are documented in docs/spec-language.md. */
public record Options(
    Val<Disaggregation> disaggregation,
    Val<Integer> maxTp,
    Val<Integer> maxPp,
    Val<Duration> timeLimit,
    Optional<Val<HourlyPrice>> budget,
    Span span) {
  /** Whether prefill and decode may, must, or must not run on separate instance groups. */
  public enum Disaggregation {
    AUTO,
    NEVER,
    ALWAYS;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Options {
    Objects.requireNonNull(disaggregation, "disaggregation");
    Objects.requireNonNull(maxTp, "maxTp");
    Objects.requireNonNull(maxPp, "maxPp");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(span, "span");
  }
}
