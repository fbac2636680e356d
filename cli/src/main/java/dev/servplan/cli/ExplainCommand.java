package dev.servplan.cli;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.DiagnosticCode;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.report.PlanExplainer;
import dev.servplan.runtime.verify.PlanCode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code servplan explain CODE}: the long description of a diagnostic code; {@code servplan explain
 * PLAN}: the reasoning behind a plan file.
 */
@Command(
    name = "explain",
    description =
        "Explain a diagnostic code ('servplan explain E0201') or a plan file ('servplan explain plan.json').",
    mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "CODE|PLAN",
      description = "A diagnostic code such as E0201, or a plan file.")
  String subject;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (DiagnosticCode.parse(subject, Code.values(), PlanCode.values()).isEmpty()
        && EmitCommand.looksLikePlan(subject)) {
      Optional<Plan> plan = EmitCommand.loadPlan(subject, err);
      if (plan.isEmpty()) {
        return ExitCode.INPUT;
      }
      out.print(PlanExplainer.calibrated().explain(plan.get()));
      out.flush();
      return ExitCode.OK;
    }
    Optional<DiagnosticCode> code = DiagnosticCode.parse(subject, Code.values(), PlanCode.values());
    if (code.isEmpty()) {
      err.println(
          "error: '"
              + subject
              + "' is not a diagnostic code (codes look like E0201, W0001 or P0101)");
      err.flush();
      return ExitCode.INPUT;
    }
    DiagnosticCode c = code.get();
    out.println(c.name() + " (" + c.severity().label() + "): " + c.title());
    out.println();
    out.print(c.explanation().strip());
    out.println();
    out.flush();
    return ExitCode.OK;
  }
}
