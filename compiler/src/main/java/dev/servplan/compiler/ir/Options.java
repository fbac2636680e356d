package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Solver options. Defaults are documented in docs/spec-language.md. */
public record Options(
    Val<Disaggregation> disaggregation,
    Val<Integer> maxTp,
    Val<Integer> maxPp,
    Val<Duration> timeLimit,
    Optional<Val<HourlyPrice>> budget,
    Map<Technique, Val<Toggle>> techniques,
    Val<Engine> engine,
    Span span,
    Optional<KvTolerance> kvTolerance) {
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
    Objects.requireNonNull(kvTolerance, "kvTolerance");
    EnumMap<Technique, Val<Toggle>> copy = new EnumMap<>(Technique.class);
    for (Technique t : Technique.values()) {
      copy.put(t, Objects.requireNonNull(techniques.get(t), t.id()));
    }
    techniques = Collections.unmodifiableMap(copy);
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

  /**
   * The compressed KV formats the solver may add beyond a deployment's {@code precision.kv_cache}
   * (kv_compression): those the spec's tolerance allows and the target engine runs, none when the
   * technique is {@code never} or the spec states no tolerance.
   */
  public List<Dtype> kvCompressionFormats() {
    if (effective(Technique.KV_COMPRESSION) == Toggle.NEVER || kvTolerance.isEmpty()) {
      return List.of();
    }
    return kvTolerance.get().formats().stream()
        .filter(d -> KvTolerance.engineRuns(engine.value(), d))
        .toList();
  }

  /**
   * The per-request KV budget the solver may impose (kv_compression's {@code eviction_budget}), if
   * the technique is allowed, the spec states one and the target engine can evict.
   */
  public OptionalLong kvEvictionBudget() {
    if (effective(Technique.KV_COMPRESSION) == Toggle.NEVER
        || kvTolerance.isEmpty()
        || !KvTolerance.engineEvicts(engine.value())) {
      return OptionalLong.empty();
    }
    return kvTolerance.get().budget();
  }
}
