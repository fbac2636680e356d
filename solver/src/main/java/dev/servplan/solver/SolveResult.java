package dev.servplan.solver;

import dev.servplan.compiler.plan.Plan;
import java.util.List;
import java.util.Objects;

/** What a solve produced: a plan, or the problems that rule every plan out. */
public sealed interface SolveResult permits SolveResult.Solved, SolveResult.Infeasible {
  /** Notes and warnings for the person (never errors). */
  List<SolverProblem> notes();

  /** A plan was found. */
  record Solved(Plan plan, List<SolverProblem> notes) implements SolveResult {
    public Solved {
      Objects.requireNonNull(plan, "plan");
      notes = List.copyOf(notes);
    }
  }

  /** No plan exists; {@code problems} name the binding constraints and the nearest relaxation. */
  record Infeasible(List<SolverProblem> problems, List<SolverProblem> notes)
      implements SolveResult {
    public Infeasible {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }
  }
}
