package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.hwdb.unit.Duration;
import java.util.Objects;

/** {@code metric percentile <= limit}, as the spec states it. */
public record SloTarget(Slo.Metric metric, Slo.Percentile percentile, Duration limit) {
  public SloTarget {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(percentile, "percentile");
    Objects.requireNonNull(limit, "limit");
  }
}
