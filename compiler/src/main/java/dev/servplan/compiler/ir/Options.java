package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueOptions;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Solver options. Defaults are documented in docs/spec-language.md. Each technique has a toggle in
 * {@link #techniques()} and, when its option states more than a toggle, a {@link TechniqueOptions}
 * in {@link #techniqueOptions()}, read through the technique package's typed accessor.
 */
public record Options(
    Val<Disaggregation> disaggregation,
    Val<Integer> maxTp,
    Val<Integer> maxPp,
    Val<Duration> timeLimit,
    Optional<Val<HourlyPrice>> budget,
    Map<Technique, Val<Toggle>> techniques,
    Val<Engine> engine,
    Span span,
    Map<Technique, TechniqueOptions> techniqueOptions) {
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
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(span, "span");
    EnumMap<Technique, Val<Toggle>> copy = new EnumMap<>(Technique.class);
    for (Technique t : Technique.values()) {
      copy.put(t, Objects.requireNonNull(techniques.get(t), t.id()));
    }
    techniques = Collections.unmodifiableMap(copy);
    EnumMap<Technique, TechniqueOptions> extra = new EnumMap<>(Technique.class);
    techniqueOptions.forEach(
        (t, o) -> {
          if (o.technique() != t) {
            throw new IllegalArgumentException(
                "options of " + o.technique().id() + " given for " + t.id());
          }
          extra.put(t, o);
        });
    techniqueOptions = Collections.unmodifiableMap(extra);
  }

  /** What the technique's option states beyond its toggle, as the technique's own type. */
  public <T extends TechniqueOptions> Optional<T> techniqueOptions(
      Technique technique, Class<T> type) {
    return Optional.ofNullable(techniqueOptions.get(technique)).map(type::cast);
  }

  /** The toggle as written (or defaulted) for one technique. */
  public Val<Toggle> toggle(Technique technique) {
    return techniques.get(technique);
  }

  /**
   * The toggle the solver obeys: as written for modelled techniques that the target {@link
   * #engine()} runs, {@code never} for those servplan does not model yet or the engine lacks (so
   * that {@code auto} cannot silently promise a technique the plan cannot use). Lowering reports
   * {@code always} on such a technique (W0004 when not modelled, E0305 when the engine lacks it).
   */
  public Toggle effective(Technique technique) {
    return technique.modelled() && engine.value().supports(technique)
        ? techniques.get(technique).value()
        : Toggle.NEVER;
  }
}
