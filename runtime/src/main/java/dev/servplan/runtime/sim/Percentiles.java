package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Slo;

/**
 * A latency distribution summarised at the percentiles SLOs name, in milliseconds (NaN when no
 * sample).
 */
public record Percentiles(
    double p50, double p90, double p95, double p99, long samples, double mean) {
  static Percentiles of(LatencyHistogram histogram) {
    return new Percentiles(
        histogram.quantile(0.50),
        histogram.quantile(0.90),
        histogram.quantile(0.95),
        histogram.quantile(0.99),
        histogram.count(),
        histogram.mean());
  }

  public double at(Slo.Percentile percentile) {
    switch (percentile) {
      case P50:
        return p50;
      case P90:
        return p90;
      case P95:
        return p95;
      case P99:
      default:
        return p99;
    }
  }
}
