package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.validate.ResolvedPool;
import java.util.List;
import java.util.OptionalLong;

/**
 * The integer program both backends solve, in scaled integers so that they agree exactly: costs in
 * 1e-4 $/h, rates in 1e-3 requests/s. Variables are instance counts of the candidates.
 *
 * <p>For each deployment d: {@code U_d + z_d >= s·D_d}, {@code P_d >= z_d}, {@code Q_d >= z_d},
 * where U, P, Q are the capacities of its unified, prefill and decode instances and z the rate
 * served disaggregated; for each pool, GPUs used at most its count.
 */
final class Program {
  static final double COST_SCALE = 10_000;
  static final double RATE_SCALE = 1_000;

  /** Goodput scale factor s is in permille: 1000 means exactly the demand. */
  static final long PERMILLE = 1000;

  /** Upper bound of s: 1000 times the demand is more than any inventory serves in practice. */
  static final long MAX_SCALE = 1_000_000;

  final List<Candidate> vars;
  final long[] cost;
  final long[] cap;
  final int[] gpus;
  final int[] pool;
  final int[] dep;
  final Role[] role;
  final int[] tier;
  final long[] ub;
  final long[] demand;
  final List<ResolvedPool> pools;
  final int[] poolCount;
  final Objective objective;
  final OptionalLong budget;
  final int tierCount;

  static Program of(
      List<Candidate> candidates,
      List<Demand> demands,
      List<ResolvedPool> pools,
      int[] poolCount,
      Objective objective,
      OptionalLong budget,
      int tierCount) {
    long[] demand = new long[demands.size()];
    for (int d = 0; d < demands.size(); d++) {
      demand[d] = (long) Math.ceil(demands.get(d).rate * RATE_SCALE - 1e-9);
    }
    return new Program(candidates, demand, pools, poolCount, objective, budget, tierCount);
  }

  Program(
      List<Candidate> candidates,
      long[] demand,
      List<ResolvedPool> pools,
      int[] poolCount,
      Objective objective,
      OptionalLong budget,
      int tierCount) {
    this.vars = List.copyOf(candidates);
    this.pools = List.copyOf(pools);
    this.poolCount = poolCount.clone();
    this.objective = objective;
    this.budget = budget;
    this.tierCount = tierCount;
    int n = vars.size();
    cost = new long[n];
    cap = new long[n];
    gpus = new int[n];
    pool = new int[n];
    dep = new int[n];
    role = new Role[n];
    tier = new int[n];
    ub = new long[n];
    this.demand = demand.clone();
    for (int i = 0; i < n; i++) {
      Candidate c = vars.get(i);
      cost[i] = Math.round(c.costPerHour() * COST_SCALE);
      cap[i] = (long) Math.floor(c.capacity() * RATE_SCALE);
      gpus[i] = c.gpus();
      pool[i] = poolIndex(c.pool().name());
      dep[i] = c.deployment();
      role[i] = c.role();
      tier[i] = c.tier();
      long byInventory = poolCount[pool[i]] / gpus[i];
      // Beyond ceil(D/cap) instances one candidate alone covers the demand; more only helps
      // goodput.
      long byDemand = cap[i] <= 0 ? 0 : (demand[dep[i]] + cap[i] - 1) / cap[i];
      ub[i] =
          objective == Objective.MAXIMIZE_GOODPUT ? byInventory : Math.min(byInventory, byDemand);
      if (cap[i] <= 0) {
        ub[i] = 0;
      }
    }
  }

  private int poolIndex(String name) {
    for (int p = 0; p < pools.size(); p++) {
      if (pools.get(p).name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("candidate on unknown pool " + name);
  }

  int deployments() {
    return demand.length;
  }

  /** The same program with every pool count replaced (for the inventory relaxation). */
  Program withPoolCounts(int[] counts) {
    return new Program(vars, demand, pools, counts, objective, budget, tierCount);
  }

  /** The same program with another objective (for the relaxations the diagnostics solve). */
  Program withObjective(Objective newObjective, OptionalLong newBudget) {
    return new Program(vars, demand, pools, poolCount, newObjective, newBudget, tierCount);
  }

  /**
   * Capacity of deployment d served by counts (unified plus the smaller of prefill and decode),
   * scaled.
   */
  long covered(long[] counts, int d) {
    long u = 0;
    long pre = 0;
    long dec = 0;
    for (int i = 0; i < counts.length; i++) {
      if (dep[i] != d || counts[i] == 0) {
        continue;
      }
      long c = cap[i] * counts[i];
      switch (role[i]) {
        case PREFILL:
          pre += c;
          break;
        case DECODE:
          dec += c;
          break;
        default:
          u += c;
      }
    }
    return u + Math.min(pre, dec);
  }

  /**
   * {@code counts} without the prefill instances of a deployment that has no decode instance, and
   * the reverse: they serve nothing (the program credits disaggregated capacity as the lesser of
   * the two sides), and a plan with one side only cannot run. An optimal solution never has them,
   * since they cost money; a feasible one cut off by the time limit can.
   */
  long[] withoutUnpairedRoles(long[] counts) {
    long[] out = counts.clone();
    for (int d = 0; d < deployments(); d++) {
      boolean pre = false;
      boolean dec = false;
      for (int i = 0; i < out.length; i++) {
        if (dep[i] == d && out[i] > 0) {
          pre |= role[i] == Role.PREFILL;
          dec |= role[i] == Role.DECODE;
        }
      }
      if (pre == dec) {
        continue;
      }
      for (int i = 0; i < out.length; i++) {
        if (dep[i] == d && (role[i] == Role.PREFILL || role[i] == Role.DECODE)) {
          out[i] = 0;
        }
      }
    }
    return out;
  }

  long totalCost(long[] counts) {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += cost[i] * counts[i];
    }
    return sum;
  }
}
