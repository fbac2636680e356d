package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.solver.technique.TechniqueRegistry;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Lossy techniques only where they pay (docs/techniques.md): at the optimal cost, the plan that
 * uses the least lossy settings. A candidate's lossiness is the sum its techniques report ({@link
 * dev.servplan.solver.technique.TechniqueChoices#lossiness}); the program is re-solved level by
 * level from the least lossy, and the first level that reaches the same cost wins.
 */
final class LossyTieBreak {
  private LossyTieBreak() {}

  /** A program and its solution. */
  record Solved(Program program, Backend.Outcome outcome) {}

  static int lossiness(Candidate c) {
    return TechniqueRegistry.lossiness(c.techniques());
  }

  /**
   * The solution of {@code first} if it uses nothing lossy, else the solution of the least lossy
   * subset of candidates that reaches the same cost. Only for minimize-cost programs.
   */
  static Solved leastLossy(
      Program first,
      Backend.Outcome outcome,
      Function<List<Candidate>, Program> build,
      Function<Program, Backend.Outcome> solve) {
    if (first.objective != Objective.MINIMIZE_COST || outcome.assignment().isEmpty()) {
      return new Solved(first, outcome);
    }
    Assignment a = outcome.assignment().get();
    int used = 0;
    for (int i = 0; i < first.vars.size(); i++) {
      if (a.counts()[i] > 0) {
        used = Math.max(used, lossiness(first.vars.get(i)));
      }
    }
    TreeSet<Integer> levels = new TreeSet<>();
    for (Candidate c : first.vars) {
      levels.add(lossiness(c));
    }
    for (int level : levels.headSet(used)) {
      List<Candidate> subset = first.vars.stream().filter(c -> lossiness(c) <= level).toList();
      Program p = build.apply(subset);
      Backend.Outcome o = solve.apply(p);
      if (o.assignment().isPresent() && o.assignment().get().cost() <= a.cost()) {
        return new Solved(p, o);
      }
    }
    return new Solved(first, outcome);
  }
}
