package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Baseline;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.compiler.plan.SolverInfo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The solver: enumerate and evaluate candidates, solve the integer program (CP-SAT or exhaustive),
 * pack instances onto nodes (Choco), and assemble the plan with its baseline and evidence.
 */
public final class DefaultSolver implements Solver {
  private final CostModel costModel;

  public DefaultSolver(CostModel costModel) {
    this.costModel = Objects.requireNonNull(costModel, "costModel");
  }

  /** The solver on the calibrated analytical cost model. */
  public static DefaultSolver analytical() {
    return new DefaultSolver(AnalyticalCostModel.calibrated());
  }

  /** Share of the remaining time kept for node packing and the baseline after the program. */
  static final double PACKING_SHARE = 0.15;

  /**
   * The program always gets at least this share of the time limit, however long evaluation took.
   */
  static final double MIN_PROGRAM_SHARE = 0.1;

  @Override
  public SolveResult solve(ValidIr ir, SpecRef specRef, SolverConfig config) {
    long start = System.nanoTime();
    Options options = ir.spec().options();
    Objective objective = ir.spec().objective().value();
    boolean tiers = objective == Objective.MINIMIZE_LATENCY;
    List<Demand> demands = new ArrayList<>();
    for (var d : ir.deployments()) {
      demands.add(new Demand(d));
    }
    CandidateEnumerator enumerator = new CandidateEnumerator(costModel);
    List<Candidate> all = new ArrayList<>();
    List<SolverProblem> problems = new ArrayList<>();
    for (int d = 0; d < demands.size(); d++) {
      CandidateEnumerator.Report report =
          enumerator.enumerate(d, ir.deployments().get(d), demands.get(d), options, tiers);
      if (!coverable(report.candidates)) {
        problems.add(Diagnoser.noCandidates(demands.get(d), report));
      }
      all.addAll(report.candidates);
    }
    if (!problems.isEmpty()) {
      return new SolveResult.Infeasible(problems, List.of());
    }
    List<Candidate> candidates = CandidateEnumerator.prune(all);
    int[] counts = ir.pools().stream().mapToInt(ResolvedPool::count).toArray();
    OptionalLong budget =
        options
            .budget()
            .map(b -> OptionalLong.of(Math.round(b.value().dollarsPerHour() * Program.COST_SCALE)))
            .orElse(OptionalLong.empty());
    Program program =
        Program.of(
            candidates,
            demands,
            ir.pools(),
            counts,
            objective,
            budget,
            tiers ? CandidateEnumerator.TIGHTEN.length : 1);
    Backend backend;
    if (config.search() == SolverConfig.Search.EXHAUSTIVE) {
      if (!ExhaustiveBackend.tractable(program)) {
        return new SolveResult.Infeasible(
            List.of(
                new SolverProblem(
                    SolverProblem.Kind.SEARCH_SPACE,
                    ir.spec().span(),
                    "the exhaustive search space is larger than "
                        + SolverConfig.EXHAUSTIVE_LIMIT
                        + " count vectors ("
                        + candidates.size()
                        + " candidates)",
                    "use --search ilp")),
            List.of());
      }
      backend = new ExhaustiveBackend();
    } else {
      backend = new CpSatBackend();
    }
    // The time limit bounds the whole compile, not just the integer program: the program gets what
    // candidate evaluation left, less a share kept for node packing and the baseline.
    double elapsedS = (System.nanoTime() - start) / 1e9;
    double programS =
        Math.max(
            config.timeLimit().seconds() * MIN_PROGRAM_SHARE,
            (config.timeLimit().seconds() - elapsedS) * (1 - PACKING_SHARE));
    SolverConfig programConfig = config.withTimeLimit(Duration.ofSeconds(programS));
    Backend.Outcome outcome = backend.solve(program, programConfig);
    // kv_compression is lossy: at the optimal cost, keep the least of it (docs/techniques.md).
    KvCompressionChoices.Solved leastLossy =
        KvCompressionChoices.leastLossy(
            program,
            outcome,
            subset ->
                Program.of(
                    subset,
                    demands,
                    ir.pools(),
                    counts,
                    objective,
                    budget,
                    tiers ? CandidateEnumerator.TIGHTEN.length : 1),
            p -> backend.solve(p, programConfig));
    program = leastLossy.program();
    outcome = leastLossy.outcome();
    if (outcome.assignment().isEmpty()) {
      if (outcome.timedOut()) {
        return new SolveResult.Infeasible(
            List.of(
                new SolverProblem(
                    SolverProblem.Kind.TIME_LIMIT,
                    options.timeLimit().span(),
                    "no plan found within the time limit of " + config.timeLimit(),
                    "raise --time-limit or options.time_limit")),
            List.of());
      }
      return new SolveResult.Infeasible(
          Diagnoser.noSolution(ir, program, backend, config), List.of());
    }
    Assignment a = outcome.assignment().get();
    Optional<List<List<PlanBuilder.Chosen>>> chosen = place(ir, program, a, config);
    if (chosen.isEmpty()) {
      return new SolveResult.Infeasible(
          List.of(
              new SolverProblem(
                  SolverProblem.Kind.PLACEMENT,
                  ir.spec().span(),
                  "the chosen instances do not pack onto the pools' nodes",
                  "use pools whose node size is a multiple of every tensor-parallel degree")),
          List.of());
    }
    List<PlanDeployment> deployments = new ArrayList<>();
    double cost = 0;
    for (int d = 0; d < demands.size(); d++) {
      PlanDeployment pd = PlanBuilder.deployment(demands.get(d), chosen.get().get(d));
      deployments.add(pd);
      cost += pd.groups().stream().mapToDouble(g -> g.costPerHour().dollarsPerHour()).sum();
    }
    List<PoolUsage> inventory = new ArrayList<>();
    for (ResolvedPool pool : ir.pools()) {
      int used = 0;
      for (PlanDeployment pd : deployments) {
        used +=
            pd.groups().stream()
                .filter(g -> g.pool().equals(pool.name()))
                .mapToInt(g -> g.totalGpus())
                .sum();
      }
      inventory.add(new PoolUsage(pool.name(), pool.gpu().id(), used, pool.count()));
    }
    Baseline baseline = new BaselinePlanner(costModel).plan(ir.deployments(), demands);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    SolverInfo info = new SolverInfo(backend.name(), a.status(), a.gap(), wallMs, config.seed());
    Plan plan =
        new Plan(specRef, new HourlyPrice(cost), objective, info, baseline, deployments, inventory);
    return new SolveResult.Solved(plan, List.of());
  }

  /** Whether some mix of the candidates can serve a deployment: unified, or prefill and decode. */
  private static boolean coverable(List<Candidate> candidates) {
    boolean prefill = false;
    boolean decode = false;
    for (Candidate c : candidates) {
      switch (c.role()) {
        case UNIFIED:
          return true;
        case PREFILL:
          prefill = true;
          break;
        default:
          decode = true;
      }
    }
    return prefill && decode;
  }

  /**
   * Packs the chosen counts onto nodes pool by pool; per deployment, the chosen candidates in
   * order.
   */
  private static Optional<List<List<PlanBuilder.Chosen>>> place(
      ValidIr ir, Program p, Assignment a, SolverConfig config) {
    List<List<PlanBuilder.Chosen>> perDeployment = new ArrayList<>();
    for (int d = 0; d < p.deployments(); d++) {
      perDeployment.add(new ArrayList<>());
    }
    List<Placement>[] placements = newPlacementArray(p.vars.size());
    for (int q = 0; q < p.pools.size(); q++) {
      List<Integer> vars = new ArrayList<>();
      List<NodePacker.Shape> shapes = new ArrayList<>();
      for (int i = 0; i < p.vars.size(); i++) {
        if (p.pool[i] == q && a.counts()[i] > 0) {
          vars.add(i);
          Candidate c = p.vars.get(i);
          shapes.add(new NodePacker.Shape((int) a.counts()[i], c.config().tp(), c.config().pp()));
        }
      }
      ResolvedPool pool = p.pools.get(q);
      Optional<List<List<Placement>>> packed =
          NodePacker.pack(
              shapes,
              pool.count(),
              pool.gpusPerNode(),
              Math.max(1, config.timeLimit().seconds() * PACKING_SHARE));
      if (packed.isEmpty()) {
        return Optional.empty();
      }
      for (int k = 0; k < vars.size(); k++) {
        placements[vars.get(k)] = packed.get().get(k);
      }
    }
    for (int i = 0; i < p.vars.size(); i++) {
      if (a.counts()[i] > 0) {
        perDeployment
            .get(p.dep[i])
            .add(new PlanBuilder.Chosen(p.vars.get(i), (int) a.counts()[i], placements[i]));
      }
    }
    return Optional.of(perDeployment);
  }

  @SuppressWarnings("unchecked")
  private static List<Placement>[] newPlacementArray(int n) {
    return (List<Placement>[]) new List<?>[n];
  }
}
