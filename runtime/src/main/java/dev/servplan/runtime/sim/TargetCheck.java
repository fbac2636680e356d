package dev.servplan.runtime.sim;

import java.util.Objects;

/**
 * One SLO target against the simulation: the simulated percentile in milliseconds and whether it is
 * within the limit. A metric with no samples (TPOT when every request has one output token) passes.
 */
public record TargetCheck(SloTarget target, double simulatedMs, boolean met) {
  public TargetCheck {
    Objects.requireNonNull(target, "target");
  }
}
