package dev.servplan.cli;

import dev.servplan.compiler.OptionOverrides;
import dev.servplan.compiler.Phases;
import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.render.JsonRenderer;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.PlanText;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.validate.Validator;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import dev.servplan.solver.SolverProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code servplan compile SPEC}: solve a spec into the cheapest plan that meets it. */
@Command(
    name = "compile",
    description =
        "Solve a spec into a deployment plan (exit 0 plan, 1 no feasible plan, 2 input errors, 3 internal).",
    mixinStandardHelpOptions = true)
final class CompileCommand implements Callable<Integer> {
  /** Output formats of compile. */
  enum Format {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SPEC", description = "The spec file (.yaml or .splan).")
  Path specPath;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the plan to FILE (.json, or .yaml/.yml).")
  Path output;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "stdout format: text (summary) or json (the plan). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--time-limit",
      paramLabel = "DURATION",
      description =
          "Solver time limit, e.g. 10s or 500ms (default: the spec's options.time_limit).")
  String timeLimit;

  @Option(
      names = "--search",
      defaultValue = "ilp",
      description = "ilp (OR-Tools CP-SAT) or exhaustive (small specs). Default: ${DEFAULT-VALUE}.")
  SolverConfig.Search search;

  @Option(
      names = "--pareto",
      description =
          "Also print the cost of meeting the SLO scaled tighter (x0.8, x0.6, x0.45, x0.3).")
  boolean pareto;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Random seed of the solver. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "Override a spec option: disaggregation, max_tp, max_pp, time_limit, budget.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--no-simulate-check",
      description =
          "Write the solver's plan without checking it in simulation first (by default a plan is"
              + " written only if it meets its SLOs in the simulator; docs/solver.md).")
  boolean noSimulateCheck;

  @Option(
      names = "--profile",
      description =
          "Print the wall time of each phase (parse, lower, validate, enumerate, evaluate, ilp,"
              + " packing, baseline) to stderr.")
  boolean profile;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress messages.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = !quiet && System.console() != null;
    SourceReader.Result read = SourceReader.read(specPath);
    SourceFile source = read.source();
    Sources sources = new Sources(List.of(source));
    if (!read.ok()) {
      return inputErrors(err, sources, read.diagnostics());
    }
    List<String> allOverrides = new ArrayList<>(overrides);
    if (timeLimit != null) {
      allOverrides.add("time_limit=" + timeLimit);
    }
    sources = new Sources(List.of(source, OptionOverrides.source(allOverrides)));
    Phases phases = profile ? Phases.recording() : Phases.NONE;
    SpecCompiler.Compilation compiled =
        SpecCompiler.compile(source, specPath.toAbsolutePath().getParent(), allOverrides, phases);
    if (!compiled.ok()) {
      return inputErrors(err, sources, compiled.diagnostics());
    }
    printWarnings(err, sources, compiled.diagnostics());
    ValidIr valid = compiled.valid().orElseThrow();
    Spec ir = valid.spec();
    Duration limit = ir.options().timeLimit().value();
    SolverConfig.Result config = SolverConfig.of(limit, seed, 1, search);
    if (config.config().isEmpty()) {
      config.problems().forEach(p -> err.println("error: " + p));
      err.flush();
      return ExitCode.INPUT;
    }
    if (progress) {
      err.println(
          "solving "
              + valid.deployments().size()
              + " deployment(s) over "
              + valid.pools().size()
              + " pool(s) with "
              + search.id()
              + " (time limit "
              + limit
              + ")...");
      err.flush();
    }
    SpecRef ref = SpecRef.of(ir.name(), source.text());
    DefaultSolver solver = DefaultSolver.analytical();
    SolveResult result =
        CheckedCompile.run(
                solver,
                AnalyticalCostModel.calibrated(),
                valid,
                ref,
                config.config().get(),
                phases,
                specPath.toAbsolutePath().getParent(),
                !noSimulateCheck)
            .result();
    if (profile) {
      err.print(phases.render());
      err.flush();
    }
    if (!result.notes().isEmpty()) {
      err.print(
          new TextRenderer(sources)
              .render(result.notes().stream().map(SolverProblem::diagnostic).toList()));
      err.flush();
    }
    if (result instanceof SolveResult.Infeasible inf) {
      List<Diagnostic> problems = inf.problems().stream().map(SolverProblem::diagnostic).toList();
      if (format == Format.json) {
        out.print(new JsonRenderer(sources).render(problems));
      } else {
        err.print(new TextRenderer(sources).render(problems));
      }
      out.flush();
      err.flush();
      return ExitCode.UNSATISFIED;
    }
    var plan = ((SolveResult.Solved) result).plan();
    if (output != null) {
      Files.writeString(
          output,
          PlanIo.write(plan, PlanFormat.forFileName(output.getFileName().toString())),
          StandardCharsets.UTF_8);
    }
    if (format == Format.json) {
      out.print(PlanIo.write(plan, PlanFormat.JSON));
    } else {
      out.print(PlanText.render(plan));
      if (output != null) {
        out.println("plan written to " + output);
      }
    }
    if (pareto) {
      out.print(
          paretoTable(
              valid,
              ref,
              config.config().get(),
              plan.costPerHour().dollarsPerHour(),
              solver,
              err,
              progress));
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Costs of meeting every latency limit scaled by each factor: the price of lower latency. */
  private String paretoTable(
      ValidIr valid,
      SpecRef ref,
      SolverConfig config,
      double baseCost,
      DefaultSolver solver,
      PrintWriter err,
      boolean progress) {
    StringBuilder b = new StringBuilder("\nlatency/cost frontier (every latency limit scaled):\n");
    b.append("  x1    ").append(String.format(Locale.ROOT, "$%.2f/h", baseCost)).append('\n');
    for (double f : new double[] {0.8, 0.6, 0.45, 0.3}) {
      if (progress) {
        err.println("pareto: solving with limits x" + f + "...");
        err.flush();
      }
      Spec scaled =
          valid
              .spec()
              .withDeployments(
                  valid.spec().deployments().stream()
                      .map(d -> d.withSlo(scale(d.slo(), f)))
                      .toList());
      Validator.Result v = Validator.validate(scaled, specPath.toAbsolutePath().getParent());
      String cell = "no plan";
      if (v.valid().isPresent()) {
        SolveResult r = solver.solve(v.valid().get(), ref, config);
        if (r instanceof SolveResult.Solved s) {
          cell = String.format(Locale.ROOT, "$%.2f/h", s.plan().costPerHour().dollarsPerHour());
        }
      }
      b.append(String.format(Locale.ROOT, "  x%-5s", Quantities.formatNumber(f)))
          .append(cell)
          .append('\n');
    }
    return b.toString();
  }

  private static Slo scale(Slo slo, double f) {
    List<Slo.Target> targets =
        slo.targets().stream()
            .map(
                t ->
                    new Slo.Target(
                        t.metric(),
                        t.percentile(),
                        new Val<>(t.limit().value().times(f), t.limit().span()),
                        t.span()))
            .toList();
    return new Slo(targets, slo.attainment(), slo.span());
  }

  private static int inputErrors(PrintWriter err, Sources sources, List<Diagnostic> diagnostics) {
    err.print(new TextRenderer(sources).render(diagnostics));
    err.flush();
    return ExitCode.INPUT;
  }

  private static void printWarnings(
      PrintWriter err, Sources sources, List<Diagnostic> diagnostics) {
    if (!diagnostics.isEmpty()) {
      err.print(new TextRenderer(sources).render(diagnostics));
      err.flush();
    }
  }
}
