package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.plan.SolverInfo;
import java.util.Optional;

/**
 * Enumerates every vector of instance counts within the variables' bounds (depth-first, pruning on
 * inventory and, for cost, on the best cost found). It shares nothing with the CP-SAT model but the
 * {@link Program} data, which makes it a check of the ILP formulation on small specs.
 */
final class ExhaustiveBackend implements Backend {
  @Override
  public String name() {
    return "exhaustive";
  }

  /** Whether the space is small enough: the product of (bound + 1) over variables. */
  static boolean tractable(Program p) {
    double size = 1;
    for (long u : p.ub) {
      size *= (u + 1);
      if (size > SolverConfig.EXHAUSTIVE_LIMIT) {
        return false;
      }
    }
    return true;
  }

  private Program p;
  private long[] counts;
  private int[] used;
  private long[] best;
  private long bestCost;
  private long bestScale;
  private int bestTier;

  @Override
  public Outcome solve(Program program, SolverConfig config) {
    p = program;
    counts = new long[p.vars.size()];
    used = new int[p.pools.size()];
    best = null;
    bestCost = Long.MAX_VALUE;
    bestScale = -1;
    bestTier = -1;
    dfs(0, 0);
    if (best == null) {
      return new Outcome(Optional.empty(), false);
    }
    return new Outcome(
        Optional.of(
            new Assignment(
                best,
                SolverInfo.Status.OPTIMAL,
                0,
                bestCost,
                bestScale < 0 ? Program.PERMILLE : bestScale,
                Math.max(0, bestTier))),
        false);
  }

  private void dfs(int i, long cost) {
    if (p.objective == Objective.MINIMIZE_COST && cost >= bestCost) {
      return;
    }
    if (p.budget.isPresent() && cost > p.budget.getAsLong()) {
      return;
    }
    if (i == counts.length) {
      leaf(cost);
      return;
    }
    for (long k = 0; k <= p.ub[i]; k++) {
      int q = p.pool[i];
      if (used[q] + k * p.gpus[i] > p.poolCount[q]) {
        break;
      }
      counts[i] = k;
      used[q] += (int) (k * p.gpus[i]);
      dfs(i + 1, cost + k * p.cost[i]);
      used[q] -= (int) (k * p.gpus[i]);
    }
    counts[i] = 0;
  }

  private void leaf(long cost) {
    long scale = Long.MAX_VALUE;
    int tierSum = 0;
    for (int d = 0; d < p.deployments(); d++) {
      long covered = p.covered(counts, d);
      if (covered < p.demand[d]) {
        return;
      }
      scale =
          Math.min(scale, Math.min(Program.MAX_SCALE, covered * Program.PERMILLE / p.demand[d]));
      int tier = Integer.MAX_VALUE;
      for (int i = 0; i < counts.length; i++) {
        if (p.dep[i] == d && counts[i] > 0) {
          tier = Math.min(tier, p.tier[i]);
        }
      }
      tierSum += tier == Integer.MAX_VALUE ? 0 : tier;
    }
    boolean better;
    switch (p.objective) {
      case MAXIMIZE_GOODPUT:
        better = scale > bestScale || (scale == bestScale && cost < bestCost);
        break;
      case MINIMIZE_LATENCY:
        better = tierSum > bestTier || (tierSum == bestTier && cost < bestCost);
        break;
      default:
        better = cost < bestCost;
    }
    if (better) {
      best = counts.clone();
      bestCost = cost;
      bestScale = scale;
      bestTier = tierSum;
    }
  }
}
