package dev.servplan.cli;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.report.PlanExplainer;
import dev.servplan.runtime.verify.PlanCode;
import java.io.PrintWriter;
import java.util.Locale;
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
    if (Code.parse(subject) == null && EmitCommand.looksLikePlan(subject)) {
      Optional<Plan> plan = EmitCommand.loadPlan(subject, err);
      if (plan.isEmpty()) {
        return ExitCode.INPUT;
      }
      out.print(PlanExplainer.calibrated().explain(plan.get()));
      out.flush();
      return ExitCode.OK;
    }
    Code code = Code.parse(subject);
    PlanCode planCode = parsePlanCode(subject);
    if (code == null && planCode != null) {
      out.println(planCode.name() + " (" + planCode.severity().label() + "): " + planCode.title());
      out.println();
      out.println(
          "Reported by 'servplan validate' (and refused by 'servplan emit') when a plan breaks this rule;");
      out.println(
          "the message names the offending values and the JSON path in the plan. See docs/simulator.md,");
      out.println(
          "\"Validation\", for what each P-code checks and how the figures are recomputed.");
      out.flush();
      return ExitCode.OK;
    }
    if (code == null) {
      err.println(
          "error: '"
              + subject
              + "' is not a diagnostic code (codes look like E0201, W0001 or P0101)");
      err.flush();
      return ExitCode.INPUT;
    }
    out.println(code.name() + " (" + code.severity().label() + "): " + code.title());
    out.println();
    out.print(code.explanation().strip());
    out.println();
    out.flush();
    return ExitCode.OK;
  }

  private static PlanCode parsePlanCode(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (PlanCode c : PlanCode.values()) {
      if (c.name().equals(upper)) {
        return c;
      }
    }
    return null;
  }
}
