package dev.servplan.cli;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.runtime.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan report PLAN -o report.html}: a self-contained HTML report with inline SVG charts. */
@Command(
    name = "report",
    description = "Write a self-contained HTML report of a plan (summary, cost, memory, cost vs latency).",
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAN", description = "A plan file (.json, .yaml).")
  String planFile;

  @Option(names = "--spec", paramLabel = "SPEC",
      description = "The spec the plan was compiled from; the report says whether its hash matches.")
  Path specFile;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The HTML file to write.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
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
        err.flush();
        return ExitCode.INPUT;
      }
      boolean same = SpecRef.sha256(text).equals(plan.get().spec().hash());
      specNote = Optional.of(specFile.getFileName() + (same ? ", hash matches"
          : ", hash differs: the spec changed since this plan was compiled"));
      if (!same) {
        err.println("warning: " + specFile + " does not hash to the plan's spec hash; the plan may be stale");
      }
    }
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, HtmlReport.render(plan.get(), specNote), StandardCharsets.UTF_8);
    err.println("wrote " + output);
    err.flush();
    return ExitCode.OK;
  }
}
