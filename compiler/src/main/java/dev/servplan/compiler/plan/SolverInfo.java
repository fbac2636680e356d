package dev.servplan.compiler.plan;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the plan was found: backend, status, the proven relative optimality gap, wall time in
 * milliseconds and the random seed.
 */
public record SolverInfo(String backend, Status status, double gap, long wallMs, long seed) {
  /** Whether the plan was proven optimal or only feasible when the time limit hit. */
  public enum Status {
    OPTIMAL,
    FEASIBLE;

    public String id() {
      return name();
    }

    public static Optional<Status> parse(String text) {
      for (Status s : values()) {
        if (s.name().equals(text.toUpperCase(Locale.ROOT))) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  public SolverInfo {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(status, "status");
    if (!(gap >= 0)) {
      throw new IllegalArgumentException("gap must be >= 0, got " + gap);
    }
  }

  public SolverInfo withWallMs(long newWallMs) {
    return new SolverInfo(backend, status, gap, newWallMs, seed);
  }
}
