package dev.servplan.cli;

import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.SpecInput;
import dev.servplan.runtime.report.HtmlReport;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TraceFormatException;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.runtime.verify.ViolationRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code servplan report PLAN [--spec SPEC --simulate] -o report.html}: a self-contained HTML
 * report with inline SVG charts; with {@code --simulate}, also each deployment's simulated latency
 * CDFs and request timeline.
 */
@Command(
    name = "report",
    description =
        "Write a self-contained HTML report of a plan (summary, cost, memory, cost vs latency;"
            + " with --simulate, latency CDFs and a request timeline from a simulation).",
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAN", description = "A plan file (.json, .yaml).")
  String planFile;

  @Option(
      names = "--spec",
      paramLabel = "SPEC",
      description =
          "The spec the plan was compiled from; the report says whether its hash matches.")
  Path specFile;

  @Option(
      names = "--simulate",
      description =
          "Simulate the plan under the spec's workload (needs --spec) and add latency CDFs and a"
              + " timeline of the first "
              + Simulator.TIMELINE_SAMPLE
              + " requests per deployment.")
  boolean simulate;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "With --simulate: requests per deployment"
              + " (default: "
              + SimOptions.DEFAULT_REQUESTS
              + ").")
  Long requests;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "With --simulate: random seed (default: " + SimOptions.DEFAULT_SEED + ").")
  Long seed;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "The HTML file to write.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } finally {
      err.flush();
    }
  }

  private int run(PrintWriter err) throws IOException {
    if (simulate && specFile == null) {
      err.println("error: --simulate needs --spec SPEC: the workload and SLOs come from the spec");
      return ExitCode.INPUT;
    }
    if (!simulate && (requests != null || seed != null)) {
      err.println("error: --requests and --seed apply to the simulation; add --simulate");
      return ExitCode.INPUT;
    }
    SimOptions options = SimOptions.defaults();
    try {
      if (seed != null) {
        options = options.withSeed(seed);
      }
      if (requests != null) {
        options = options.withRequests(requests);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.INPUT;
    }
    Optional<Plan> plan = EmitCommand.loadPlan(planFile, err);
    if (plan.isEmpty()) {
      return ExitCode.INPUT;
    }
    Optional<String> specNote = Optional.empty();
    if (specFile != null) {
      String text;
      try {
        text = Files.readString(specFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("error: cannot read spec '" + specFile + "': " + e.getMessage());
        return ExitCode.INPUT;
      }
      boolean same = SpecRef.sha256(text).equals(plan.get().spec().hash());
      specNote =
          Optional.of(
              specFile.getFileName()
                  + (same
                      ? ", hash matches"
                      : ", hash differs: the spec changed since this plan was compiled"));
      if (!same) {
        err.println(
            "warning: "
                + specFile
                + " does not hash to the plan's spec hash; the plan may be stale");
      }
    }
    Optional<SimReport> simulation = Optional.empty();
    if (simulate) {
      SimOutcome outcome = simulate(plan.get(), options, err);
      if (outcome.exit() != ExitCode.OK) {
        return outcome.exit();
      }
      simulation = outcome.report();
    }
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(
        output, HtmlReport.render(plan.get(), specNote, simulation), StandardCharsets.UTF_8);
    err.println("wrote " + output);
    return ExitCode.OK;
  }

  private record SimOutcome(int exit, Optional<SimReport> report) {}

  /**
   * As {@code servplan simulate} does it: read the spec, verify the plan against it, then simulate.
   */
  private SimOutcome simulate(Plan plan, SimOptions options, PrintWriter err) {
    SpecInput specInput = SpecInput.read(specFile);
    if (!specInput.ok()) {
      err.print(
          new TextRenderer(new Sources(List.of(specInput.source())))
              .render(specInput.diagnostics()));
      err.println("error: the spec '" + specFile + "' has errors");
      return new SimOutcome(ExitCode.INPUT, Optional.empty());
    }
    AnalyticalCostModel costModel = AnalyticalCostModel.calibrated();
    List<Violation> violations =
        new PlanVerifier(costModel).verify(plan, specInput.valid()).errors();
    if (!violations.isEmpty()) {
      err.print(ViolationRenderer.text(planFile, violations));
      err.println("error: not simulating a plan that fails validation");
      return new SimOutcome(ExitCode.UNSATISFIED, Optional.empty());
    }
    try {
      var deployments =
          PlanSimulation.deployments(
              plan,
              specInput.valid().orElseThrow(),
              specInput.baseDir(),
              costModel,
              Optional.empty());
      return new SimOutcome(
          ExitCode.OK, Optional.of(new Simulator(costModel).run(deployments, options)));
    } catch (TraceFormatException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return new SimOutcome(ExitCode.INPUT, Optional.empty());
    }
  }
}
