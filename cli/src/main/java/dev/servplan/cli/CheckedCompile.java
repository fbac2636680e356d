package dev.servplan.cli;

import dev.servplan.compiler.Phases;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TargetCheck;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import dev.servplan.solver.SolverProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@code servplan compile} with the plan checked by the simulator before it is written
 * (docs/solver.md, "Simulation check"): the plan is simulated exactly as {@code servplan validate
 * --simulate} does (10,000 requests per deployment, seed 42, after a write and read of the plan),
 * and a deployment that misses an SLO target or its attainment is credited with {@link #STEP} of
 * its candidates' capacity and the integer program is solved again over the same candidates, up to
 * {@link #ROUNDS} times. A plan is written only if its simulation holds; otherwise compile reports
 * E0408 with what was measured. The candidates are evaluated once; each round only re-solves the
 * program, packs and simulates.
 */
public final class CheckedCompile {
  /** Share of the predicted capacity a missing deployment keeps per round. */
  static final double STEP = 0.8;

  /** Re-solves after the first plan. */
  static final int ROUNDS = 4;

  /**
   * Share of the time limit the solver gets for the first plan when plans are checked; the rest is
   * the check's (simulations and re-solves), so the time limit still bounds the whole compile.
   */
  static final double SOLVE_SHARE = 0.7;

  /**
   * How far past the time limit a simulation check already under way may run to finish: a tenth of
   * the limit, at most a second (docs/solver.md, "Time limit"). A check cut short writes no plan,
   * so without it a loaded machine refuses specs whose check needs the last few hundred
   * milliseconds.
   */
  static final double GRACE_SHARE = 0.1;

  static final double MAX_GRACE_S = 1.0;

  /** The least time a further round needs: a small program and a simulation, in seconds. */
  static final double MIN_ROUND_S = 0.5;

  private CheckedCompile() {}

  /** What the check did: the result, and per derated deployment the capacity share it kept. */
  public record Outcome(SolveResult result, Map<String, Double> derating, int rounds) {}

  public static Outcome run(
      DefaultSolver solver,
      CostModel costModel,
      ValidIr valid,
      SpecRef ref,
      SolverConfig config,
      Phases phases,
      Path specDir,
      boolean check) {
    long start = System.nanoTime();
    long deadline = start + (long) (config.timeLimit().seconds() * 1e9);
    SolverConfig first =
        check
            ? config.withTimeLimit(Duration.ofSeconds(config.timeLimit().seconds() * SOLVE_SHARE))
            : config;
    DefaultSolver.Evaluated evaluated = solver.evaluate(valid, ref, first, phases);
    Map<String, Double> derating = new TreeMap<>();
    SolveResult result = evaluated.solve(derating, first);
    if (!check) {
      return new Outcome(result, derating, 0);
    }
    List<DeploymentResult> missed = List.of();
    for (int round = 0; round <= ROUNDS; round++) {
      if (!(result instanceof SolveResult.Solved solved)) {
        return new Outcome(result, derating, round);
      }
      // As validate reads it: the plan's numbers as written.
      Plan written = asWritten(solved.plan());
      List<Violation> broken = verify(written, valid, costModel);
      if (!broken.isEmpty()) {
        return new Outcome(
            new SolveResult.Infeasible(verification(valid, broken), result.notes()),
            derating,
            round);
      }
      long grace = (long) (Math.min(MAX_GRACE_S, GRACE_SHARE * config.timeLimit().seconds()) * 1e9);
      try {
        missed =
            phases.time(
                "simulate", () -> missed(written, valid, specDir, costModel, deadline + grace));
      } catch (Simulator.DeadlineExceeded late) {
        // A plan is written only if its simulation holds, and time_limit bounds the whole compile:
        // a check that cannot finish in time refuses rather than write an unchecked plan.
        return new Outcome(
            new SolveResult.Infeasible(List.of(unchecked(valid, config, round)), result.notes()),
            derating,
            round);
      }
      if (missed.isEmpty()) {
        List<SolverProblem> notes = new ArrayList<>(solved.notes());
        if (!derating.isEmpty()) {
          notes.add(note(valid, derating));
        }
        return new Outcome(new SolveResult.Solved(solved.plan(), notes), derating, round);
      }
      double left = (deadline - System.nanoTime()) / 1e9;
      if (round == ROUNDS || left < MIN_ROUND_S) {
        return new Outcome(
            new SolveResult.Infeasible(
                problems(valid, missed, derating, round == ROUNDS), result.notes()),
            derating,
            round);
      }
      // The instances that missed are credited less; the deployment's other candidates keep the
      // model's prediction, so the next plan may serve it differently rather than with more of
      // the same.
      for (DeploymentResult r : missed) {
        for (PlanDeployment d : solved.plan().deployments()) {
          if (d.name().equals(r.name())) {
            for (Group g : d.groups()) {
              derating.merge(DefaultSolver.deratingKey(d.name(), g), STEP, (a, b) -> a * b);
            }
          }
        }
      }
      Map<String, Double> current = Map.copyOf(derating);
      // Half of what is left for the program; the rest for its simulation and later rounds.
      SolverConfig again = config.withTimeLimit(Duration.ofSeconds(left / 2));
      result = phases.time("re-solve", () -> evaluated.solve(current, again));
    }
    throw new IllegalStateException("unreachable: the last round returns");
  }

  /** The verifier's errors on the plan as validate reads it (none for a sound plan). */
  /** The plan written to JSON and read back, as validate and simulate would see it. */
  private static Plan asWritten(Plan plan) {
    return PlanIo.read(PlanIo.write(plan, PlanFormat.JSON), PlanFormat.JSON).plan().orElse(plan);
  }

  private static List<Violation> verify(Plan read, ValidIr valid, CostModel costModel) {
    return new PlanVerifier(costModel)
        .verify(read, Optional.of(valid)).violations().stream().filter(Violation::isError).toList();
  }

  private static List<SolverProblem> verification(ValidIr valid, List<Violation> broken) {
    List<SolverProblem> out = new ArrayList<>();
    for (Violation v : broken) {
      out.add(
          new SolverProblem(
              SolverProblem.Kind.VERIFICATION,
              valid.spec().span(),
              "the solver's plan fails the plan verifier: "
                  + v.code().name()
                  + " at "
                  + v.path()
                  + ": "
                  + v.message(),
              "a servplan bug: please report it with the spec; compile --no-simulate-check"
                  + " writes the plan unchecked"));
    }
    return out;
  }

  /**
   * The deployments whose simulation missed a target or the attainment; {@link
   * Simulator.DeadlineExceeded} when the simulation does not finish by {@code deadline} (nanoTime).
   */
  private static List<DeploymentResult> missed(
      Plan read, ValidIr valid, Path specDir, CostModel costModel, long deadline) {
    SimReport report =
        new Simulator(costModel)
            .run(
                PlanSimulation.deployments(read, valid, specDir, costModel, Optional.empty()),
                SimOptions.defaults(),
                OptionalLong.of(deadline));
    List<DeploymentResult> out = new ArrayList<>();
    for (DeploymentResult r : report.deployments()) {
      if (!r.attainmentMet() || r.targets().stream().anyMatch(t -> !t.met())) {
        out.add(r);
      }
    }
    return out;
  }

  private static SolverProblem unchecked(ValidIr valid, SolverConfig config, int round) {
    return new SolverProblem(
        SolverProblem.Kind.SIMULATION,
        valid.spec().span(),
        "the time limit ("
            + Quantities.formatDuration(config.timeLimit())
            + ") ran out before the simulation check of the "
            + (round == 0 ? "plan" : "re-solved plan (round " + (round + 1) + ")")
            + " finished, and compile writes only plans whose simulation holds",
        "raise options.time_limit (or --time-limit), or compile with --no-simulate-check and"
            + " check the plan with `servplan validate PLAN --spec SPEC --simulate`");
  }

  private static SolverProblem note(ValidIr valid, Map<String, Double> derating) {
    StringBuilder what = new StringBuilder();
    derating.forEach(
        (key, share) ->
            what.append(what.length() == 0 ? "" : "; ")
                .append(key.replace('|', ' '))
                .append(" at ")
                .append(Quantities.formatNumber(Math.round(share * 1000) / 10.0))
                .append("%"));
    return new SolverProblem(
        SolverProblem.Kind.SIMULATION_NOTE,
        valid.spec().span(),
        "the first plan missed its SLO in simulation; these deployments' instances were credited"
            + " with less capacity than the queueing model predicts: "
            + what,
        "docs/solver.md, \"Simulation check\"");
  }

  private static List<SolverProblem> problems(
      ValidIr valid,
      List<DeploymentResult> missed,
      Map<String, Double> derating,
      boolean allRounds) {
    List<SolverProblem> out = new ArrayList<>();
    for (DeploymentResult r : missed) {
      StringBuilder what = new StringBuilder();
      for (TargetCheck t : r.targets()) {
        if (!t.met()) {
          what.append(what.length() == 0 ? "" : ", ")
              .append(t.target().metric().id())
              .append(' ')
              .append(t.target().percentile().id())
              .append(' ')
              .append(
                  Double.isNaN(t.simulatedMs())
                      ? "unmeasured"
                      : Quantities.formatNumber(Math.round(t.simulatedMs())) + "ms")
              .append(" > ")
              .append(Quantities.formatNumber(t.target().limit().millis()))
              .append("ms");
        }
      }
      if (!r.attainmentMet()) {
        what.append(what.length() == 0 ? "" : ", ")
            .append("attainment ")
            .append(Quantities.formatNumber(Math.round(r.sloAttainment() * 10000) / 100.0))
            .append("% < ")
            .append(Quantities.formatNumber(r.attainmentTarget() * 100))
            .append("%");
      }
      var span =
          valid.deployments().stream()
              .filter(d -> d.name().equals(r.name()))
              .map(d -> d.deployment().slo().span())
              .findFirst()
              .orElse(valid.spec().span());
      out.add(
          new SolverProblem(
              SolverProblem.Kind.SIMULATION,
              span,
              "deployment '"
                  + r.name()
                  + "' misses its SLO in simulation after its instances were credited with less"
                  + " capacity than predicted: "
                  + what,
              (allRounds
                      ? "relax the SLO or the attainment, or add pools"
                      : "the time limit ran out before a plan held; raise --time-limit")
                  + "; compile --no-simulate-check writes the unchecked plan"));
    }
    return out;
  }
}
