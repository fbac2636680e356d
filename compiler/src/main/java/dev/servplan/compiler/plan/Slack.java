package dev.servplan.compiler.plan;

import java.util.Objects;

/**
 * Headroom on one constraint: {@code limit} and the predicted {@code value} in {@code unit}, and
 * {@code headroom} as a fraction of the limit (positive means satisfied). Upper bounds (latency)
 * have headroom {@code (limit - value) / limit}; lower bounds (rate) {@code (value - limit) /
 * limit}.
 */
public record Slack(String constraint, String unit, double limit, double value, double headroom) {
  public Slack {
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(unit, "unit");
  }

  /** Slack of {@code value <= limit}. */
  public static Slack upper(String constraint, String unit, double limit, double value) {
    return new Slack(constraint, unit, limit, value, limit == 0 ? 0 : (limit - value) / limit);
  }

  /** Slack of {@code value >= limit}. */
  public static Slack lower(String constraint, String unit, double limit, double value) {
    return new Slack(constraint, unit, limit, value, limit == 0 ? 0 : (value - limit) / limit);
  }
}
