package dev.servplan.cli.generated;

import dev.servplan.cli.CheckedCompile;
import dev.servplan.compiler.Phases;
import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.PlanText;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TargetCheck;
import dev.servplan.runtime.verify.PlanFiles;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.SimulationCheck;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.runtime.verify.ViolationRenderer;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import dev.servplan.solver.SolverProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code servplan compile SPEC -o plan.json} followed by {@code servplan validate plan.json --spec
 * SPEC --simulate}, in-process through the same library calls as CompileCommand and
 * ValidateCommand: the spec compiled by SpecCompiler, solved and checked in simulation by
 * CheckedCompile with the spec's time limit, seed 0 and one worker; the plan written to JSON and
 * read back; the plan verifier, then the simulator with validate's defaults (10,000 requests per
 * deployment, seed 42) and SimulationCheck.
 */
final class CompileAndValidate {
  /** validate --simulate's defaults (ValidateCommand {@code --requests} and {@code --seed}). */
  static final long REQUESTS = 10_000;

  static final long SEED = 42;

  private static final AnalyticalCostModel COST = AnalyticalCostModel.calibrated();

  private CompileAndValidate() {}

  /** What happened to one spec. */
  enum Kind {
    /** The front end refused the spec: a generator bug, since it should write valid specs. */
    INVALID,
    /** The solver refused the spec with E04xx diagnostics (no plan meets it). */
    INFEASIBLE,
    /** A plan that passes validate --simulate. */
    PASSED,
    /** A plan that fails validate --simulate, or a refusal without a diagnostic. */
    FAILED
  }

  /**
   * @param codes the solver's diagnostic codes when infeasible
   * @param plan the compile command's text output for the plan, when there is one
   * @param failure what validate --simulate said, and the predicted against the simulated figures;
   *     for a refused spec, the solver's or the front end's messages
   */
  record Outcome(
      Kind kind,
      List<String> codes,
      String plan,
      String failure,
      List<Verdict> deployments,
      double compileSeconds,
      double validateSeconds) {
    Outcome {
      codes = List.copyOf(codes);
      deployments = List.copyOf(deployments);
    }

    Outcome(
        Kind kind,
        List<String> codes,
        String plan,
        String failure,
        double compileSeconds,
        double validateSeconds) {
      this(kind, codes, plan, failure, List.of(), compileSeconds, validateSeconds);
    }
  }

  /** How a plan serves one deployment, and whether the simulation met its SLO. */
  enum Shape {
    ONE_GROUP("one group"),
    PREFILL_DECODE("one prefill and one decode group"),
    UNIFIED_MIX("several unified groups"),
    MIXED("several groups, prefill/decode and unified or several of a role");

    final String text;

    Shape(String text) {
      this.text = text;
    }

    static Shape of(List<Group> groups) {
      long unified = groups.stream().filter(g -> g.role() == Role.UNIFIED).count();
      long prefill = groups.stream().filter(g -> g.role() == Role.PREFILL).count();
      long decode = groups.stream().filter(g -> g.role() == Role.DECODE).count();
      if (groups.size() == 1) {
        return ONE_GROUP;
      }
      if (unified == 0 && prefill == 1 && decode == 1) {
        return PREFILL_DECODE;
      }
      return unified == groups.size() ? UNIFIED_MIX : MIXED;
    }
  }

  record Verdict(String deployment, Shape shape, boolean met) {}

  static Outcome run(String yaml) {
    long start = System.nanoTime();
    SourceFile source = SourceFile.of("generated.yaml", yaml);
    Path baseDir = Path.of(".").toAbsolutePath();
    SpecCompiler.Compilation compiled = SpecCompiler.compile(source, baseDir);
    if (!compiled.ok()) {
      String diagnostics =
          new TextRenderer(new Sources(List.of(source))).render(compiled.diagnostics());
      return new Outcome(Kind.INVALID, List.of(), "", diagnostics, seconds(start), 0);
    }
    ValidIr valid = compiled.valid().orElseThrow();
    SolverConfig config =
        SolverConfig.of(valid.spec().options().timeLimit().value(), 0, 1, SolverConfig.Search.ILP)
            .config()
            .orElseThrow();
    // As servplan compile does: the solver's plan checked in simulation before it is written.
    SolveResult result =
        CheckedCompile.run(
                DefaultSolver.analytical(),
                COST,
                valid,
                SpecRef.of(valid.spec().name(), yaml),
                config,
                Phases.NONE,
                baseDir,
                true)
            .result();
    double compileSeconds = seconds(start);
    if (result instanceof SolveResult.Infeasible infeasible) {
      List<String> codes = new ArrayList<>();
      for (SolverProblem p : infeasible.problems()) {
        Code code = p.kind().code();
        codes.add(code == null ? "note" : code.name());
      }
      boolean diagnosed = !codes.isEmpty() && codes.stream().allMatch(c -> c.startsWith("E04"));
      return new Outcome(
          diagnosed ? Kind.INFEASIBLE : Kind.FAILED,
          codes,
          "",
          (diagnosed ? "" : "refused without an E04xx diagnostic: ")
              + infeasible.problems().stream()
                  .map(p -> p.kind().id() + ": " + p.message())
                  .collect(Collectors.joining("\n")),
          compileSeconds,
          0);
    }
    Plan compiledPlan = ((SolveResult.Solved) result).plan();
    String planText = PlanText.render(compiledPlan);
    long validateStart = System.nanoTime();
    // validate reads the plan from the file compile wrote.
    PlanFiles.Loaded loaded =
        PlanFiles.parse(PlanIo.write(compiledPlan, PlanFormat.JSON), PlanFormat.JSON);
    if (loaded.plan().isEmpty()) {
      return new Outcome(
          Kind.FAILED,
          List.of(),
          planText,
          ViolationRenderer.text("plan.json", loaded.problems()),
          compileSeconds,
          seconds(validateStart));
    }
    Plan plan = loaded.plan().get();
    List<Violation> violations =
        new ArrayList<>(new PlanVerifier(COST).verify(plan, Optional.of(valid)).violations());
    SimReport report = null;
    if (violations.stream().noneMatch(Violation::isError)) {
      try {
        report =
            new Simulator(COST)
                .run(
                    PlanSimulation.deployments(plan, valid, baseDir, COST, Optional.empty()),
                    SimOptions.defaults().withRequests(REQUESTS).withSeed(SEED));
      } catch (IllegalArgumentException e) {
        return new Outcome(
            Kind.FAILED,
            List.of(),
            planText,
            "simulation refused the plan: " + e.getMessage(),
            compileSeconds,
            seconds(validateStart));
      }
      violations.addAll(SimulationCheck.violations(plan, report));
    }
    List<Verdict> verdicts = report == null ? List.of() : verdicts(plan, report);
    if (violations.stream().noneMatch(Violation::isError)) {
      return new Outcome(
          Kind.PASSED, List.of(), planText, "", verdicts, compileSeconds, seconds(validateStart));
    }
    String failure =
        ViolationRenderer.text("plan.json", violations)
            + (report == null ? "" : predictedVsSimulated(plan, report));
    return new Outcome(
        Kind.FAILED,
        List.of(),
        planText,
        failure,
        verdicts,
        compileSeconds,
        seconds(validateStart));
  }

  static List<Verdict> verdicts(Plan plan, SimReport report) {
    List<Verdict> out = new ArrayList<>();
    for (DeploymentResult r : report.deployments()) {
      PlanDeployment d = deployment(plan, r.name());
      boolean met = r.attainmentMet() && r.targets().stream().allMatch(TargetCheck::met);
      out.add(new Verdict(r.name(), Shape.of(d.groups()), met));
    }
    return out;
  }

  private static PlanDeployment deployment(Plan plan, String name) {
    return plan.deployments().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  /** Per deployment: the plan's predictions next to what the simulation measured. */
  static String predictedVsSimulated(Plan plan, SimReport report) {
    StringBuilder out = new StringBuilder("predicted vs simulated:\n");
    for (DeploymentResult r : report.deployments()) {
      PlanDeployment d = deployment(plan, r.name());
      out.append(
          String.format(
              Locale.ROOT,
              "  %s: ttft p99 %.1f ms vs %.1f ms, tpot p99 %.1f ms vs %.1f ms,"
                  + " attainment %.1f%% vs %.1f%% (target %.1f%%), %d groups,"
                  + " %d preemptions, %d rejected, %d requests%n",
              r.name(),
              d.predicted().ttftP99().millis(),
              r.ttftMs().p99(),
              d.predicted().tpotP99().millis(),
              r.tpotMs().p99(),
              d.predicted().sloAttainment().value() * 100,
              r.sloAttainment() * 100,
              r.attainmentTarget() * 100,
              d.groups().size(),
              r.preemptions(),
              r.rejected(),
              r.requests()));
    }
    return out.toString();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
