package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Explains why no plan exists: the binding constraint and the nearest feasible relaxation. */
final class Diagnoser {
  /** Stand-in for "unlimited" GPUs in the inventory relaxation. */
  static final int UNLIMITED = 1_000_000;

  private Diagnoser() {}

  /**
   * A deployment with no usable candidate: memory if nothing fits, else the furthest-off latency
   * target.
   */
  static SolverProblem noCandidates(Demand demand, CandidateEnumerator.Report report) {
    var d = demand.deployment;
    if (report.fitting == 0) {
      return new SolverProblem(
          SolverProblem.Kind.MEMORY,
          d.deployment().model().span(),
          "model '"
              + d.model().id()
              + "' of deployment '"
              + d.name()
              + "' does not fit in memory on any "
              + "eligible pool with the allowed precisions, max_tp and max_pp"
              + (report.memoryNote.isEmpty() ? "" : ": " + report.memoryNote),
          "allow smaller weights (fp8 or int4) or an fp8 kv cache, raise options.max_tp or options.max_pp, "
              + "or add a pool of GPUs with more memory");
    }
    int worst = -1;
    double worstRatio = 1;
    for (var e : report.best.entrySet()) {
      Demand.Limit l = demand.limits.get(e.getKey());
      double ratio = e.getValue().latencyS() / l.limitS();
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = e.getKey();
      }
    }
    if (worst < 0) {
      return new SolverProblem(
          SolverProblem.Kind.LATENCY,
          d.deployment().slo().span(),
          "deployment '"
              + d.name()
              + "': every SLO target is reachable alone, but no configuration on the "
              + "eligible pools meets all of them together at any load",
          "relax one of the targets, allow disaggregation, or add faster GPUs");
    }
    Demand.Limit l = demand.limits.get(worst);
    CandidateEnumerator.Best best = report.best.get(worst);
    String what =
        l.metric() == Slo.Metric.TPOT
            ? String.format(
                Locale.ROOT,
                "for model '%s' at a %d-token context",
                d.model().id(),
                Math.round(demand.input.quantile(l.q()) + demand.output.mean() / 2))
            : String.format(
                Locale.ROOT, "for %d-token prompts", Math.round(demand.input.quantile(l.q())));
    String limitText =
        l.metric().id()
            + " "
            + l.target().percentile().id()
            + " <= "
            + Quantities.formatDuration(l.target().limit().value());
    String bestText = Quantities.formatDuration(Duration.ofSeconds(round2(best.latencyS())));
    return new SolverProblem(
        SolverProblem.Kind.LATENCY,
        l.target().span(),
        limitText
            + " is unreachable "
            + what
            + " on any GPU in the inventory; the best achievable is "
            + bestText
            + " ("
            + best.where()
            + ")",
        "relax the target to at least "
            + bestText
            + ", or add faster GPUs, allow fp8, raise options.max_tp"
            + (l.q() > l.target().percentile().quantile()
                ? ", or lower the attainment (the target is held at the "
                    + Quantities.formatNumber(l.q() * 100)
                    + "th percentile for it)"
                : ""));
  }

  /** Rounds to 2 significant digits, up, so "at least X" is a true lower bound. */
  static double round2(double v) {
    if (v <= 0) {
      return v;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)) - 1);
    return Math.ceil(v / mag) * mag;
  }

  /** The program has candidates but no solution: the budget, or the inventory, binds. */
  static List<SolverProblem> noSolution(
      ValidIr ir, Program p, Backend backend, SolverConfig config) {
    List<SolverProblem> out = new ArrayList<>();
    if (p.budget.isPresent()) {
      Program noBudget = p.withObjective(Objective.MINIMIZE_COST, OptionalLong.empty());
      var o = backend.solve(noBudget, config);
      if (o.assignment().isPresent()) {
        double cheapest = o.assignment().get().cost() / Program.COST_SCALE;
        double budget = p.budget.getAsLong() / Program.COST_SCALE;
        var span =
            ir.spec().options().budget().map(b -> b.span()).orElse(ir.spec().options().span());
        out.add(
            new SolverProblem(
                SolverProblem.Kind.BUDGET,
                span,
                "the cheapest plan that meets every SLO costs $"
                    + Quantities.formatNumber(round2(cheapest))
                    + "/h; options.budget is $"
                    + Quantities.formatNumber(budget)
                    + "/h",
                "raise options.budget to at least $"
                    + Quantities.formatNumber(round2(cheapest))
                    + "/h, or relax the SLOs"));
        return out;
      }
    }
    int[] unlimited = new int[p.pools.size()];
    Arrays.fill(unlimited, UNLIMITED);
    Program relaxed =
        p.withPoolCounts(unlimited).withObjective(Objective.MINIMIZE_COST, OptionalLong.empty());
    var o = backend.solve(relaxed, config);
    if (o.assignment().isEmpty()) {
      out.add(
          new SolverProblem(
              SolverProblem.Kind.INVENTORY,
              ir.spec().span(),
              "no plan meets the demand even with unlimited GPUs",
              "lower the rates or relax the SLOs"));
      return out;
    }
    long[] counts = o.assignment().get().counts();
    int[] used = new int[p.pools.size()];
    for (int i = 0; i < counts.length; i++) {
      used[p.pool[i]] += (int) (counts[i] * p.gpus[i]);
    }
    for (int q = 0; q < p.pools.size(); q++) {
      ResolvedPool pool = p.pools.get(q);
      if (used[q] > p.poolCount[q]) {
        out.add(
            new SolverProblem(
                SolverProblem.Kind.INVENTORY,
                pool.pool().count().span(),
                "the demand needs "
                    + used[q]
                    + " "
                    + pool.gpu().id()
                    + " GPUs; pool "
                    + pool.name()
                    + " has "
                    + p.poolCount[q],
                "raise the count of pool "
                    + pool.name()
                    + " to at least "
                    + used[q]
                    + ", add another pool the deployments may use, or lower the rates"));
      }
    }
    if (out.isEmpty()) {
      out.add(
          new SolverProblem(
              SolverProblem.Kind.INVENTORY,
              ir.spec().span(),
              "the deployments together need more GPUs than the inventory holds",
              "add GPUs or lower the rates"));
    }
    return out;
  }
}
