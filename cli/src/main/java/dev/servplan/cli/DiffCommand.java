package dev.servplan.cli;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.diff.DiffRenderer;
import dev.servplan.runtime.diff.FailOn;
import dev.servplan.runtime.diff.PlanDiff;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan diff OLD NEW}: what changed between two plans, with an optional CI gate. */
@Command(
    name = "diff",
    description =
        "Compare two plans: groups added, removed or changed, cost and predicted SLO deltas.",
    mixinStandardHelpOptions = true)
final class DiffCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "OLD",
      description = "The plan before (e.g. from the base branch).")
  String oldFile;

  @Parameters(index = "1", paramLabel = "NEW", description = "The plan after.")
  String newFile;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  @Option(
      names = "--fail-on",
      paramLabel = "CONDITION",
      description = "Exit 1 when it holds: cost-increase, slo-regression or any.")
  String failOn;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      err.println("error: unknown format '" + format + "'; expected text or json");
      err.flush();
      return ExitCode.INPUT;
    }
    Optional<FailOn> gate = Optional.empty();
    if (failOn != null) {
      gate = FailOn.parse(failOn);
      if (gate.isEmpty()) {
        err.println(
            "error: unknown --fail-on '"
                + failOn
                + "'; expected cost-increase, slo-regression or any");
        err.flush();
        return ExitCode.INPUT;
      }
    }
    Optional<Plan> a = EmitCommand.loadPlan(oldFile, err);
    Optional<Plan> b = EmitCommand.loadPlan(newFile, err);
    if (a.isEmpty() || b.isEmpty()) {
      return ExitCode.INPUT;
    }
    PlanDiff diff = PlanDiff.between(a.get(), b.get());
    if (format.equals("json")) {
      out.println(DiffRenderer.json(diff).toPrettyString());
    } else {
      out.print(DiffRenderer.text(diff));
    }
    out.flush();
    if (gate.isPresent()) {
      Optional<String> reason = gate.get().reason(diff);
      if (reason.isPresent()) {
        err.println("error: --fail-on " + gate.get().id() + ": " + reason.get());
        err.flush();
        return ExitCode.UNSATISFIED;
      }
    }
    return ExitCode.OK;
  }
}
