package dev.servplan.compiler.plan;

import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Rate;
import java.util.Objects;

/**
 * What the cost model predicts for a deployment at its demanded rate: p99 latencies, the request
 * rate the chosen groups sustain while meeting the SLO, and the share of requests meeting the SLO.
 */
public record Predicted(
    Duration ttftP99, Duration tpotP99, Rate requestsPerS, Fraction sloAttainment) {
  public Predicted {
    Objects.requireNonNull(ttftP99, "ttftP99");
    Objects.requireNonNull(tpotP99, "tpotP99");
    Objects.requireNonNull(requestsPerS, "requestsPerS");
    Objects.requireNonNull(sloAttainment, "sloAttainment");
  }
}
