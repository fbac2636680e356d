package dev.servplan.runtime.diff;

import dev.servplan.compiler.plan.Predicted;
import java.util.Locale;
import java.util.Optional;

/** Conditions under which {@code servplan diff --fail-on} exits 1, for CI gates. */
public enum FailOn {
  /** The new plan costs more per hour. */
  COST_INCREASE,
  /** A deployment's predicted p99 TTFT or TPOT rose, its SLO attainment fell, or it disappeared. */
  SLO_REGRESSION,
  /** Anything differs. */
  ANY;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<FailOn> parse(String text) {
    for (FailOn f : values()) {
      if (f.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public boolean holds(PlanDiff diff) {
    switch (this) {
      case COST_INCREASE:
        return diff.costDelta() > 0;
      case SLO_REGRESSION:
        return diff.deployments().stream().anyMatch(FailOn::regressed);
      case ANY:
        return !diff.unchanged();
      default:
        throw new IllegalStateException(name());
    }
  }

  /** The reason the condition holds, for the CLI message; empty when it does not. */
  public Optional<String> reason(PlanDiff diff) {
    if (!holds(diff)) {
      return Optional.empty();
    }
    switch (this) {
      case COST_INCREASE:
        return Optional.of("cost rises by " + DiffRenderer.money(diff.costDelta()) + "/h");
      case SLO_REGRESSION:
        return Optional.of(
            "predicted SLO regresses for "
                + String.join(
                    ", ",
                    diff.deployments().stream()
                        .filter(FailOn::regressed)
                        .map(PlanDiff.DeploymentDiff::name)
                        .toList()));
      default:
        return Optional.of("the plans differ");
    }
  }

  static boolean regressed(PlanDiff.DeploymentDiff d) {
    if (d.before().isEmpty()) {
      return false;
    }
    if (d.after().isEmpty()) {
      return true;
    }
    Predicted a = d.before().get();
    Predicted b = d.after().get();
    return b.ttftP99().seconds() > a.ttftP99().seconds()
        || b.tpotP99().seconds() > a.tpotP99().seconds()
        || b.sloAttainment().value() < a.sloAttainment().value();
  }
}
