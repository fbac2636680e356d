package dev.servplan.solver;

import dev.servplan.compiler.source.Span;
import java.util.Locale;
import java.util.Objects;

/**
 * A finding of the solver: which constraint binds, a message naming the values involved, and a
 * help line with the nearest feasible relaxation. The span points at the spec element at fault.
 */
public record SolverProblem(Kind kind, Span span, String message, String help) {
  /** The constraint a problem is about. */
  public enum Kind {
    /** No instance configuration of the model fits GPU memory. */
    MEMORY,
    /** A latency target cannot be met at any load on any eligible GPU. */
    LATENCY,
    /** The demand needs more GPUs than the inventory holds. */
    INVENTORY,
    /** The cheapest plan costs more than {@code options.budget}. */
    BUDGET,
    /** Instances could not be packed onto nodes. */
    PLACEMENT,
    /** The solver hit its time limit without a feasible plan. */
    TIME_LIMIT,
    /** The exhaustive search space is too large; use the ILP. */
    SEARCH_SPACE,
    /** Informational. */
    NOTE;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public SolverProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(help, "help");
  }
}
