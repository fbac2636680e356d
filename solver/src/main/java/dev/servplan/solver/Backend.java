package dev.servplan.solver;

import java.util.Optional;

/** Solves a {@link Program}; empty when it has no solution (or none was found in time). */
interface Backend {
  /** Backend name as written in plans. */
  String name();

  /**
   * The solution, or empty; {@code timedOut} tells an unknown outcome from proven infeasibility.
   */
  Outcome solve(Program program, SolverConfig config);

  /** The result of one solve. */
  record Outcome(Optional<Assignment> assignment, boolean timedOut) {}
}
