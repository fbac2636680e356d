package dev.servplan.solver;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SolverInfo;
import java.util.Optional;

/**
 * The integer program on OR-Tools CP-SAT. Objectives other than cost are solved in two phases
 * (first the objective, then the cheapest plan at that objective value). Deterministic: the model
 * is built in variable order, with a fixed seed, and one worker unless asked otherwise.
 */
final class CpSatBackend implements Backend {
  private static volatile boolean loaded;

  /**
   * Starts loading the native library on a background thread: unpacking it from the jar takes about
   * a second, which then overlaps candidate evaluation instead of delaying the program.
   */
  static void preload() {
    if (!loaded) {
      Thread t = new Thread(CpSatBackend::load, "servplan-ortools-load");
      t.setDaemon(true);
      t.start();
    }
  }

  static synchronized void load() {
    if (!loaded) {
      Loader.loadNativeLibraries();
      loaded = true;
    }
  }

  @Override
  public String name() {
    return "ortools-cp-sat";
  }

  /** One built model and its handles. */
  private static final class Built {
    final CpModel model = new CpModel();
    IntVar[] x;
    IntVar scale;
    LinearExpr cost;
    LinearExpr tierScore;
  }

  private Built build(Program p) {
    return build(p, -1);
  }

  /**
   * The model of {@code p}, or with {@code only} >= 0 the relaxation to that deployment alone: its
   * covering constraints and the pools' GPUs it may use, every other deployment's instances fixed
   * at zero.
   */
  private Built build(Program p, int only) {
    Built b = new Built();
    int n = p.vars.size();
    b.x = new IntVar[n];
    for (int i = 0; i < n; i++) {
      b.x[i] = b.model.newIntVar(0, only < 0 || p.dep[i] == only ? p.ub[i] : 0, "x" + i);
    }
    b.cost = LinearExpr.weightedSum(b.x, p.cost);
    if (p.objective == Objective.MAXIMIZE_GOODPUT) {
      b.scale = b.model.newIntVar(Program.PERMILLE, Program.MAX_SCALE, "scale");
    }
    for (int d = 0; d < p.deployments(); d++) {
      if (only >= 0 && d != only) {
        continue;
      }
      LinearExprBuilder unified = LinearExpr.newBuilder();
      LinearExprBuilder prefill = LinearExpr.newBuilder();
      LinearExprBuilder decode = LinearExpr.newBuilder();
      boolean disagg = false;
      long maxRate = 0;
      for (int i = 0; i < n; i++) {
        if (p.dep[i] != d) {
          continue;
        }
        maxRate += p.cap[i] * p.ub[i];
        if (p.role[i] == Role.PREFILL) {
          prefill.addTerm(b.x[i], p.cap[i]);
          disagg = true;
        } else if (p.role[i] == Role.DECODE) {
          decode.addTerm(b.x[i], p.cap[i]);
          disagg = true;
        } else {
          unified.addTerm(b.x[i], p.cap[i]);
        }
      }
      if (disagg) {
        IntVar z = b.model.newIntVar(0, Math.max(0, maxRate), "z" + d);
        unified.add(z);
        b.model.addGreaterOrEqual(prefill, z);
        b.model.addGreaterOrEqual(decode, z);
      }
      if (b.scale == null) {
        b.model.addGreaterOrEqual(unified, p.demand[d]);
      } else {
        // PERMILLE·covered >= demand·scale, with scale in permille of the demand.
        LinearExprBuilder lhs = LinearExpr.newBuilder();
        lhs.addTerm(b.scale, -p.demand[d]);
        b.model.addGreaterOrEqual(
            LinearExpr.newBuilder().add(scaled(unified.build(), Program.PERMILLE)).add(lhs.build()),
            0);
      }
    }
    for (int q = 0; q < p.pools.size(); q++) {
      LinearExprBuilder used = LinearExpr.newBuilder();
      for (int i = 0; i < n; i++) {
        if (p.pool[i] == q) {
          used.addTerm(b.x[i], p.gpus[i]);
        }
      }
      b.model.addLessOrEqual(used, p.poolCount[q]);
    }
    p.budget.ifPresent(limit -> b.model.addLessOrEqual(b.cost, limit));
    if (p.objective == Objective.MINIMIZE_LATENCY) {
      LinearExprBuilder score = LinearExpr.newBuilder();
      for (int d = 0; d < p.deployments(); d++) {
        BoolVar[] u = new BoolVar[p.tierCount];
        for (int k = 0; k < p.tierCount; k++) {
          u[k] = b.model.newBoolVar("u" + d + "_" + k);
          score.addTerm(u[k], k);
        }
        b.model.addExactlyOne(u);
        for (int i = 0; i < n; i++) {
          if (p.dep[i] != d) {
            continue;
          }
          // x_i may be positive only if the chosen tier is at most the candidate's tier.
          LinearExprBuilder allowed = LinearExpr.newBuilder();
          for (int k = 0; k <= p.tier[i]; k++) {
            allowed.addTerm(u[k], p.ub[i]);
          }
          b.model.addLessOrEqual(b.x[i], allowed);
        }
      }
      b.tierScore = score.build();
    }
    return b;
  }

  private static LinearExpr scaled(LinearExpr e, long factor) {
    return LinearExpr.newBuilder().addTerm(e, factor).build();
  }

  @Override
  public Outcome solve(Program p, SolverConfig config) {
    load();
    long start = System.nanoTime();
    double limit = config.timeLimit().seconds();
    SolverInfo.Status worst = SolverInfo.Status.OPTIMAL;
    double gap = 0;
    long fixedScale = -1;
    long fixedTier = -1;
    if (p.objective != Objective.MINIMIZE_COST) {
      Built first = build(p);
      if (p.objective == Objective.MAXIMIZE_GOODPUT) {
        first.model.maximize(first.scale);
      } else {
        first.model.maximize(first.tierScore);
      }
      CpSolver s = solver(config, limit / 2);
      CpSolverStatus st = s.solve(first.model);
      if (st == CpSolverStatus.INFEASIBLE || st == CpSolverStatus.MODEL_INVALID) {
        return new Outcome(Optional.empty(), false);
      }
      if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
        return new Outcome(Optional.empty(), true);
      }
      if (st == CpSolverStatus.FEASIBLE) {
        worst = SolverInfo.Status.FEASIBLE;
      }
      long value = Math.round(s.objectiveValue());
      if (p.objective == Objective.MAXIMIZE_GOODPUT) {
        fixedScale = value;
      } else {
        fixedTier = value;
      }
    }
    Built b = build(p);
    if (fixedScale >= 0) {
      b.model.addGreaterOrEqual(b.scale, fixedScale);
    }
    if (fixedTier >= 0) {
      b.model.addGreaterOrEqual(b.tierScore, fixedTier);
    }
    if (p.objective == Objective.MINIMIZE_COST && p.deployments() > 1) {
      Optional<Outcome> infeasible = perDeploymentBound(p, config, limit, b);
      if (infeasible.isPresent()) {
        return infeasible.get();
      }
    }
    b.model.minimize(b.cost);
    double left = Math.max(0.1, limit - (System.nanoTime() - start) / 1e9);
    CpSolver s = solver(config, left);
    CpSolverStatus st = s.solve(b.model);
    if (st == CpSolverStatus.INFEASIBLE || st == CpSolverStatus.MODEL_INVALID) {
      return new Outcome(Optional.empty(), false);
    }
    if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
      return new Outcome(Optional.empty(), true);
    }
    long[] solution = new long[p.vars.size()];
    for (int i = 0; i < solution.length; i++) {
      solution[i] = s.value(b.x[i]);
    }
    long[] counts = p.withoutUnpairedRoles(solution);
    if (st == CpSolverStatus.FEASIBLE) {
      worst = SolverInfo.Status.FEASIBLE;
      double obj = p.totalCost(counts);
      gap = obj <= 0 ? 0 : Math.max(0, (obj - s.bestObjectiveBound()) / obj);
    }
    long scale = b.scale == null ? Program.PERMILLE : s.value(b.scale);
    int tierSum = fixedTier < 0 ? 0 : (int) fixedTier;
    return new Outcome(
        Optional.of(new Assignment(counts, worst, gap, p.totalCost(counts), scale, tierSum)),
        false);
  }

  /** Share of the program's time the per-deployment relaxations may use in all. */
  static final double RELAXATION_SHARE = Double.parseDouble(System.getProperty("relax", "0.15"));

  static final boolean HINTS = !Boolean.getBoolean("nohints");

  /**
   * Solves each deployment's program alone (its covering constraints and the pools' GPUs it may
   * use): the sum of their optima (or of their proven bounds) is a lower bound on the whole
   * program's cost, since sharing pools only adds constraints, and it captures what the LP
   * relaxation misses, each deployment rounding up to whole instances. The bound is added to {@code
   * whole} as a constraint on its cost (so CP-SAT proves more and reports an honest gap), and the
   * deployments' own solutions as a hint: when the pools do not bind, together they are the
   * optimum. Empty unless a deployment alone is infeasible, then the whole program is.
   */
  private Optional<Outcome> perDeploymentBound(
      Program p, SolverConfig config, double limit, Built whole) {
    double each = Math.max(0.01, limit * RELAXATION_SHARE / p.deployments());
    long bound = 0;
    long[] hint = new long[p.vars.size()];
    boolean complete = true;
    for (int d = 0; d < p.deployments(); d++) {
      Built one = build(p, d);
      one.model.minimize(one.cost);
      CpSolver s = solver(config, each);
      CpSolverStatus st = s.solve(one.model);
      if (st == CpSolverStatus.INFEASIBLE) {
        return Optional.of(new Outcome(Optional.empty(), false));
      }
      if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
        complete = false;
        continue;
      }
      // The objective is integral, so its proven bound rounds up.
      bound += (long) Math.ceil(s.bestObjectiveBound() - 1e-6);
      for (int i = 0; i < p.vars.size(); i++) {
        if (p.dep[i] == d) {
          hint[i] = s.value(one.x[i]);
        }
      }
    }
    whole.model.addGreaterOrEqual(whole.cost, bound);
    // The deployments' solutions together are a plan only if the pools hold them all; as a hint
    // otherwise they lead the search astray (measured on the long-prompt bench fleet, whose pools
    // bind: gap 0.59 % without, 1.1 % with).
    if (complete && fitsPools(p, hint)) {
      for (int i = 0; i < hint.length; i++) {
        whole.model.addHint(whole.x[i], hint[i]);
      }
    }
    return Optional.empty();
  }

  private static boolean fitsPools(Program p, long[] counts) {
    long[] used = new long[p.pools.size()];
    for (int i = 0; i < counts.length; i++) {
      used[p.pool[i]] += counts[i] * p.gpus[i];
    }
    for (int q = 0; q < used.length; q++) {
      if (used[q] > p.poolCount[q]) {
        return false;
      }
    }
    return true;
  }

  private static CpSolver solver(SolverConfig config, double seconds) {
    CpSolver s = new CpSolver();
    s.getParameters().setMaxTimeInSeconds(seconds);
    s.getParameters().setRandomSeed((int) (config.seed() & 0x7fffffff));
    s.getParameters().setNumWorkers(config.workers());
    s.getParameters().setLogSearchProgress(false);
    // Full linearization gives the LP bound of the covering constraints; without it a single
    // worker proves little on fleets (measured: 62% gap after 20 s on 20 deployments x 8 pools).
    s.getParameters().setLinearizationLevel(2);
    return s;
  }
}
