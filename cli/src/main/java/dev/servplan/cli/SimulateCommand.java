package dev.servplan.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.SpecInput;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.RouterPolicy;
import dev.servplan.runtime.sim.SimDurations;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.SimReportRenderer;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TraceFormatException;
import dev.servplan.runtime.verify.PlanFiles;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.runtime.verify.ViolationRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code servplan simulate PLAN --spec SPEC}: discrete-event simulation of a plan under its
 * workload.
 */
@Command(
    name = "simulate",
    description =
        "Simulate a plan under the spec's workload (or a trace) and report latency percentiles,"
            + " throughput, SLO attainment, goodput, utilisation and preemptions.",
    mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAN", description = "A plan file (.json, .yaml or .yml).")
  Path planFile;

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "SPEC",
      description = "The spec with the workload and SLOs.")
  Path specFile;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Requests per deployment (default: "
              + SimOptions.DEFAULT_REQUESTS
              + " unless --duration is given).")
  Long requests;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "Stop arrivals after this simulated time, e.g. 10min.")
  String duration;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Replay this trace (BurstGPT .csv or .jsonl) for every deployment.")
  Path trace;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--router",
      defaultValue = "least-loaded",
      paramLabel = "POLICY",
      description = "round-robin or least-loaded (default: ${DEFAULT-VALUE}).")
  String router;

  @Option(
      names = "--allow-spec-mismatch",
      description =
          "Simulate even when SPEC is not the spec the plan was compiled from (its hash differs):"
              + " the plan under another workload, e.g. a what-if at twice the rate.")
  boolean allowSpecMismatch;

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
      err.println("error: simulate writes text or json, not sarif");
      return ExitCode.INPUT;
    }
    SimOptions options = SimOptions.defaults().withSeed(seed);
    try {
      options = options.withRouter(routerPolicy(router));
      if (duration != null) {
        options = options.withDuration(SimDurations.parseSeconds(duration));
      }
      if (requests != null) {
        options = options.withRequests(requests);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.INPUT;
    }
    PlanFiles.Loaded loaded = PlanFiles.read(planFile);
    if (loaded.plan().isEmpty()) {
      err.print(ViolationRenderer.text(planFile.toString(), loaded.problems()));
      return ExitCode.INPUT;
    }
    Plan plan = loaded.plan().get();
    SpecInput specInput = SpecInput.read(specFile);
    if (!specInput.ok()) {
      err.print(
          new TextRenderer(new Sources(List.of(specInput.source())))
              .render(specInput.diagnostics()));
      err.println("error: the spec '" + specFile + "' has errors");
      return ExitCode.INPUT;
    }
    String specHash = SpecRef.sha256(specInput.source().text());
    if (!specHash.equals(plan.spec().hash()) && !allowSpecMismatch) {
      err.println(
          "error: '"
              + specFile
              + "' is not the spec this plan was compiled from (the plan names '"
              + plan.spec().name()
              + "', "
              + plan.spec().hash()
              + "; the file hashes to "
              + specHash
              + "): recompile the plan, or pass --allow-spec-mismatch to simulate it under this"
              + " spec's workload anyway");
      return ExitCode.INPUT;
    }
    AnalyticalCostModel costModel = AnalyticalCostModel.calibrated();
    List<Violation> violations =
        new PlanVerifier(costModel).verify(plan, specInput.valid()).errors();
    if (!violations.isEmpty()) {
      err.print(ViolationRenderer.text(planFile.toString(), violations));
      err.println("error: not simulating a plan that fails validation");
      return ExitCode.UNSATISFIED;
    }
    SimReport report;
    try {
      var deployments =
          PlanSimulation.deployments(
              plan,
              specInput.valid().orElseThrow(),
              specInput.baseDir(),
              costModel,
              Optional.ofNullable(trace));
      report = new Simulator(costModel).run(deployments, options);
    } catch (TraceFormatException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.INPUT;
    }
    if (format == OutputFormat.json) {
      try {
        out.println(
            new ObjectMapper()
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(SimReportRenderer.json(report)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.print(SimReportRenderer.text(report));
    }
    return ExitCode.OK;
  }

  private static RouterPolicy routerPolicy(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "round-robin":
        return RouterPolicy.ROUND_ROBIN;
      case "least-loaded":
        return RouterPolicy.LEAST_LOADED;
      default:
        throw new IllegalArgumentException(
            "unknown router '" + text + "': expected round-robin or least-loaded");
    }
  }
}
