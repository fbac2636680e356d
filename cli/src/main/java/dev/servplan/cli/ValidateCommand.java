package dev.servplan.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.diag.render.JsonRenderer;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.SpecInput;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.SimReportRenderer;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TraceFormatException;
import dev.servplan.runtime.verify.PlanFiles;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.SimulationCheck;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.runtime.verify.ViolationRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan validate PLAN}: check a plan's invariants with the runtime's own arithmetic. */
@Command(
    name = "validate",
    description =
        "Check a plan (memory, parallelism, placement, pools, prices, precisions; coverage with --spec)."
            + " Exit 0 valid, 1 violations, 2 unreadable input.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAN", description = "A plan file (.json, .yaml or .yml).")
  Path planFile;

  @Option(
      names = "--spec",
      paramLabel = "SPEC",
      description =
          "The spec the plan was compiled from: pool sizes, prices and coverage come from it.")
  Path specFile;

  @Option(
      names = "--simulate",
      description =
          "Also simulate the plan (needs --spec) and fail when an SLO target or the attainment is missed.")
  boolean simulate;

  @Option(
      names = "--requests",
      defaultValue = "10000",
      paramLabel = "N",
      description = "Requests per deployment for --simulate (default: ${DEFAULT-VALUE}).")
  long requests;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "Seed for --simulate (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (format == OutputFormat.sarif) {
      err.println("error: validate writes text or json, not sarif");
      return ExitCode.INPUT;
    }
    if (simulate && specFile == null) {
      err.println("error: --simulate needs --spec SPEC for the workload and SLOs");
      return ExitCode.INPUT;
    }
    if (requests < 1) {
      err.println("error: --requests must be at least 1, got " + requests);
      return ExitCode.INPUT;
    }
    String name = planFile.toString();
    PlanFiles.Loaded loaded = PlanFiles.read(planFile);
    if (loaded.plan().isEmpty()) {
      print(out, name, loaded.problems(), null);
      return ExitCode.INPUT;
    }
    Plan plan = loaded.plan().get();
    Optional<ValidIr> valid = Optional.empty();
    SpecInput specInput = null;
    if (specFile != null) {
      specInput = SpecInput.read(specFile);
      if (!specInput.ok()) {
        Sources sources = new Sources(List.of(specInput.source()));
        if (format == OutputFormat.json) {
          out.print(new JsonRenderer(sources).render(specInput.diagnostics()));
        } else {
          err.print(new TextRenderer(sources).render(specInput.diagnostics()));
          err.println(
              "error: the spec '"
                  + specFile
                  + "' has errors; fix them before validating a plan against it");
        }
        return ExitCode.INPUT;
      }
      valid = specInput.valid();
    }
    AnalyticalCostModel costModel = AnalyticalCostModel.calibrated();
    List<Violation> violations =
        new ArrayList<>(new PlanVerifier(costModel).verify(plan, valid).violations());
    SimReport report = null;
    if (simulate) {
      if (violations.stream().anyMatch(Violation::isError)) {
        err.println("note: not simulating a plan that fails validation");
      } else {
        try {
          var deployments =
              PlanSimulation.deployments(
                  plan, valid.orElseThrow(), specInput.baseDir(), costModel, Optional.empty());
          SimOptions options = SimOptions.defaults().withRequests(requests).withSeed(seed);
          report = new Simulator(costModel).run(deployments, options);
        } catch (TraceFormatException | IllegalArgumentException e) {
          err.println("error: " + e.getMessage());
          return ExitCode.INPUT;
        }
        violations.addAll(SimulationCheck.violations(plan, report));
      }
    }
    print(out, name, violations, report);
    return violations.stream().anyMatch(Violation::isError) ? ExitCode.UNSATISFIED : ExitCode.OK;
  }

  private void print(PrintWriter out, String name, List<Violation> violations, SimReport report) {
    if (format == OutputFormat.json) {
      ObjectNode root = ViolationRenderer.json(name, violations);
      if (report != null) {
        root.set("simulation", SimReportRenderer.json(report));
      }
      try {
        out.println(
            new ObjectMapper()
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(root));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    if (report != null) {
      out.print(SimReportRenderer.text(report));
      out.println();
    }
    out.print(ViolationRenderer.text(name, violations));
  }
}
