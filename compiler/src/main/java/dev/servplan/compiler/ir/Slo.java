package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Latency targets and the share of requests that must meet all of them. */
public record Slo(List<Target> targets, Val<Fraction> attainment, Span span) {
  public Slo {
    targets = List.copyOf(targets);
    Objects.requireNonNull(attainment, "attainment");
    Objects.requireNonNull(span, "span");
  }

  /** The latency metrics an SLO can bound. */
  public enum Metric {
    /** Time to first token. */
    TTFT,
    /** Time per output token after the first. */
    TPOT,
    /** End-to-end request latency. */
    E2E;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Percentiles a target may name. */
  public enum Percentile {
    P50(0.50),
    P90(0.90),
    P95(0.95),
    P99(0.99);

    private final double quantile;

    Percentile(double quantile) {
      this.quantile = quantile;
    }

    public double quantile() {
      return quantile;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code metric percentile <= limit}. */
  public record Target(Metric metric, Percentile percentile, Val<Duration> limit, Span span) {
    public Target {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(percentile, "percentile");
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(span, "span");
    }
  }

  public List<Target> targets(Metric metric) {
    return targets.stream().filter(t -> t.metric() == metric).toList();
  }
}
