package dev.servplan.solver;

import dev.servplan.compiler.Phases;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Baseline;
import dev.servplan.compiler.plan.Group;
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
import java.util.Map;
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

  /**
   * Share of the time limit candidate evaluation may use; the rest goes to the integer program,
   * node packing and the baseline.
   */
  static final double EVALUATION_SHARE = 0.7;

  @Override
  public SolveResult solve(ValidIr ir, SpecRef specRef, SolverConfig config) {
    return solve(ir, specRef, config, Phases.NONE);
  }

  /** As {@link #solve(ValidIr, SpecRef, SolverConfig)}, charging each phase to {@code phases}. */
  public SolveResult solve(ValidIr ir, SpecRef specRef, SolverConfig config, Phases phases) {
    return evaluate(ir, specRef, config, phases).solve(Map.of(), config);
  }

  /**
   * Candidate evaluation of a spec, kept so that the integer program can be solved again with some
   * deployments' capacities derated (the simulation-checked compile, docs/solver.md): {@link
   * Evaluated#solve} runs the program, node packing and the baseline on the same candidates.
   */
  public final class Evaluated {
    private final ValidIr ir;
    private final SpecRef specRef;
    private final Phases phases;
    private final long start;
    private final List<Candidate> all;
    private final List<Demand> demands;
    private final List<SolverProblem> problems;
    private final List<SolverProblem> notes;
    private final int skipped;

    private Evaluated(
        ValidIr ir,
        SpecRef specRef,
        Phases phases,
        long start,
        List<Candidate> all,
        List<Demand> demands,
        List<SolverProblem> problems,
        List<SolverProblem> notes,
        int skipped) {
      this.ir = ir;
      this.specRef = specRef;
      this.phases = phases;
      this.start = start;
      this.all = all;
      this.demands = demands;
      this.problems = problems;
      this.notes = notes;
      this.skipped = skipped;
    }

    /**
     * The plan over the evaluated candidates, with each candidate named in {@code derating} (by
     * {@link #deratingKey}) credited only that share of its capacity (1 = as the model predicts),
     * within {@code limits}' time limit. A call without derating counts its time from the start of
     * evaluation; one with derating from the call.
     */
    public SolveResult solve(Map<String, Double> derating, SolverConfig limits) {
      if (!problems.isEmpty()) {
        return new SolveResult.Infeasible(problems, notes);
      }
      List<Candidate> derated = new ArrayList<>(all.size());
      for (Candidate c : all) {
        double factor =
            derating.isEmpty()
                ? 1.0
                : derating.getOrDefault(
                    deratingKey(
                        ir.deployments().get(c.deployment()).name(),
                        PlanBuilder.group(c, 1, List.of())),
                    1.0);
        derated.add(factor == 1.0 ? c : c.withCapacity(c.capacity() * factor));
      }
      long from = derating.isEmpty() ? start : System.nanoTime();
      return assemble(ir, specRef, limits, phases, from, derated, demands, notes, skipped);
    }
  }

  /**
   * The key of a deployment's group of instances in a derating map: the deployment and the
   * instance's configuration without its batch limits ({@code max_num_seqs}, {@code
   * max_num_batched_tokens}). A simulation that measures less capacity than predicted shows the
   * model misjudging that configuration's physics under that workload, which its other batch limits
   * share: derating only the limits planned would let the next round pick a sibling that fails the
   * same way.
   */
  public static String deratingKey(String deployment, Group group) {
    return deployment + "|" + group.configurationSignature();
  }

  /** Evaluates the candidates of every deployment (the expensive part of a solve). */
  public Evaluated evaluate(ValidIr ir, SpecRef specRef, SolverConfig config, Phases phases) {
    long start = System.nanoTime();
    if (config.search() == SolverConfig.Search.ILP) {
      CpSatBackend.preload();
    }
    long limitNanos = (long) (config.timeLimit().seconds() * 1e9);
    Options options = ir.spec().options();
    Objective objective = ir.spec().objective().value();
    boolean tiers = objective == Objective.MINIMIZE_LATENCY;
    List<Demand> demands = new ArrayList<>();
    List<CandidateEnumerator.Work> work = new ArrayList<>();
    phases.time(
        "enumerate",
        () -> {
          List<List<CandidateEnumerator.Work>> perDeployment = new ArrayList<>();
          for (int d = 0; d < ir.deployments().size(); d++) {
            Demand demand = new Demand(ir.deployments().get(d));
            demands.add(demand);
            perDeployment.add(
                CandidateEnumerator.work(
                    CandidateEnumerator.context(
                        d, ir.deployments().get(d), demand, options, tiers)));
          }
          // Deployments take turns, so that when the time limit stops evaluation every deployment
          // has had its share of configurations (reports merge per deployment in order anyway).
          for (int k = 0; ; k++) {
            boolean any = false;
            for (List<CandidateEnumerator.Work> list : perDeployment) {
              if (k < list.size()) {
                work.add(list.get(k));
                any = true;
              }
            }
            if (!any) {
              break;
            }
          }
          return work;
        });
    CandidateEnumerator enumerator = new CandidateEnumerator(costModel);
    List<CandidateEnumerator.Report> reports =
        phases.time(
            "evaluate",
            () ->
                Evaluation.run(
                    enumerator,
                    work,
                    demands.size(),
                    start + (long) (limitNanos * EVALUATION_SHARE)));
    List<Candidate> all = new ArrayList<>();
    List<SolverProblem> problems = new ArrayList<>();
    List<SolverProblem> notes = new ArrayList<>();
    int skipped = 0;
    int configurations = 0;
    for (int d = 0; d < demands.size(); d++) {
      CandidateEnumerator.Report report = reports.get(d);
      skipped += report.skipped;
      configurations += report.configurations;
      if (!coverable(report.candidates) && report.skipped > 0) {
        problems.add(
            new SolverProblem(
                SolverProblem.Kind.TIME_LIMIT,
                options.timeLimit().span(),
                "candidate evaluation for deployment '"
                    + ir.deployments().get(d).name()
                    + "' stopped at the time limit of "
                    + config.timeLimit()
                    + " before any configuration that serves it was found ("
                    + (report.configurations - report.skipped)
                    + " of "
                    + report.configurations
                    + " evaluated)",
                "raise --time-limit or options.time_limit"));
      } else if (!coverable(report.candidates)) {
        problems.add(Diagnoser.noCandidates(demands.get(d), report));
      }
      all.addAll(report.candidates);
    }
    if (skipped > 0) {
      notes.add(
          new SolverProblem(
              SolverProblem.Kind.NOTE,
              options.timeLimit().span(),
              "candidate evaluation stopped at the time limit after "
                  + (configurations - skipped)
                  + " of "
                  + configurations
                  + " configurations; the plan is the best among those evaluated, not proven"
                  + " optimal",
              "raise --time-limit or options.time_limit for a complete search"));
    }
    return new Evaluated(ir, specRef, phases, start, all, demands, problems, notes, skipped);
  }

  private SolveResult assemble(
      ValidIr ir,
      SpecRef specRef,
      SolverConfig config,
      Phases phases,
      long start,
      List<Candidate> all,
      List<Demand> demands,
      List<SolverProblem> notes,
      int skipped) {
    long limitNanos = (long) (config.timeLimit().seconds() * 1e9);
    Options options = ir.spec().options();
    Objective objective = ir.spec().objective().value();
    boolean tiers = objective == Objective.MINIMIZE_LATENCY;
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
            tiers ? CandidateGrid.TIGHTEN.length : 1);
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
    // candidate evaluation left, less a share kept for node packing and the baseline. The
    // least-lossy re-solves below share the same budget.
    double elapsedS = (System.nanoTime() - start) / 1e9;
    double programS =
        Math.max(
            config.timeLimit().seconds() * MIN_PROGRAM_SHARE,
            (config.timeLimit().seconds() - elapsedS) * (1 - PACKING_SHARE));
    long programDeadline = System.nanoTime() + (long) (programS * 1e9);
    Program firstProgram = program;
    Backend.Outcome outcome =
        phases.time(
            "ilp",
            () -> backend.solve(firstProgram, config.withTimeLimit(Duration.ofSeconds(programS))));
    // Lossy techniques only where they pay: at the optimal cost, the least lossy plan.
    Backend.Outcome firstOutcome = outcome;
    LossyTieBreak.Solved leastLossy =
        LossyTieBreak.leastLossy(
            program,
            firstOutcome,
            subset ->
                Program.of(
                    subset,
                    demands,
                    ir.pools(),
                    counts,
                    objective,
                    budget,
                    tiers ? CandidateGrid.TIGHTEN.length : 1),
            p ->
                phases.time(
                    "ilp",
                    () ->
                        backend.solve(
                            p,
                            config.withTimeLimit(
                                Duration.ofSeconds(
                                    Math.max(
                                        0.05, (programDeadline - System.nanoTime()) / 1e9))))));
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
            notes);
      }
      return new SolveResult.Infeasible(Diagnoser.noSolution(ir, program, backend, config), notes);
    }
    Assignment a = outcome.assignment().get();
    Program solved = program;
    double packingS = Math.max(0.05, (start + limitNanos - System.nanoTime()) / 1e9);
    Optional<List<List<PlanBuilder.Chosen>>> chosen =
        phases.time("packing", () -> place(ir, solved, a, packingS));
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
    Baseline baseline =
        phases.time(
            "baseline", () -> new BaselinePlanner(costModel).plan(ir.deployments(), demands));
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    SolverInfo.Status status = skipped > 0 ? SolverInfo.Status.FEASIBLE : a.status();
    SolverInfo info = new SolverInfo(backend.name(), status, a.gap(), wallMs, config.seed());
    Plan plan =
        new Plan(specRef, new HourlyPrice(cost), objective, info, baseline, deployments, inventory);
    return new SolveResult.Solved(plan, notes);
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
      ValidIr ir, Program p, Assignment a, double timeLimitS) {
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
          NodePacker.pack(shapes, pool.count(), pool.gpusPerNode(), timeLimitS);
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
