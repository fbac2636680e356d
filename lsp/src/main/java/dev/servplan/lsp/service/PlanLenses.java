package dev.servplan.lsp.service;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.SolverInfo;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Renders a solve of one document as code lenses: the whole plan at the top of the file and each
 * deployment's share on its name. Pure: {@link CostLenses} decides when to solve.
 */
final class PlanLenses {
  /**
   * Display-only lenses: an empty command id makes editors show the title without a click action.
   */
  private static final String NO_COMMAND = "";

  static final String SOLVING = "compile: solving…";

  private PlanLenses() {}

  /**
   * The placeholder while the document's current version is being solved, on the same lines as the
   * result.
   */
  static List<CodeLens> solving(Document doc, ValidIr valid) {
    List<CodeLens> lenses = new ArrayList<>();
    lenses.add(lens(top(), SOLVING));
    for (ResolvedDeployment d : valid.deployments()) {
      lenses.add(lens(nameRange(doc, d), SOLVING));
    }
    return lenses;
  }

  /** The lenses for a finished solve whose time limit was {@code limit}. */
  static List<CodeLens> result(Document doc, ValidIr valid, SolveResult result, Duration limit) {
    if (result instanceof SolveResult.Solved solved) {
      return solved(doc, valid, solved.plan(), limit);
    }
    return infeasible(doc, valid, ((SolveResult.Infeasible) result).problems(), limit);
  }

  /** The solver threw: say so instead of showing nothing, so the user knows to look at the log. */
  static List<CodeLens> failed() {
    return List.of(lens(top(), "compile: the solver failed; see the servplan output log"));
  }

  private static List<CodeLens> solved(Document doc, ValidIr valid, Plan plan, Duration limit) {
    List<CodeLens> lenses = new ArrayList<>();
    String total = "compile: " + cost(plan.costPerHour(), plan.totalGpus()) + " for the whole plan";
    if (plan.solver().status() != SolverInfo.Status.OPTIMAL) {
      // The editor's short time limit may stop CP-SAT before it proves optimality; say so.
      total += " (best found within " + limit + ", not proven cheapest; run servplan compile)";
    }
    lenses.add(lens(top(), total));
    for (ResolvedDeployment d : valid.deployments()) {
      Optional<PlanDeployment> planned =
          plan.deployments().stream().filter(p -> p.name().equals(d.name())).findFirst();
      if (planned.isPresent()) {
        lenses.add(
            lens(
                nameRange(doc, d),
                "compile: " + cost(deploymentCost(planned.get()), planned.get().totalGpus())));
      }
    }
    return lenses;
  }

  private static List<CodeLens> infeasible(
      Document doc, ValidIr valid, List<SolverProblem> problems, Duration limit) {
    if (problems.isEmpty()) {
      return List.of(lens(top(), "compile: no feasible plan"));
    }
    SolverProblem first = problems.get(0);
    if (first.kind() == SolverProblem.Kind.TIME_LIMIT) {
      // Running out of the editor's time limit proves nothing about feasibility.
      return List.of(
          lens(
              top(),
              "compile: no plan found within "
                  + limit
                  + " ("
                  + first.kind().id()
                  + "); run servplan compile for the full time limit"));
    }
    List<CodeLens> lenses = new ArrayList<>();
    lenses.add(lens(top(), noPlan(first)));
    for (ResolvedDeployment d : valid.deployments()) {
      Span span = d.deployment().span();
      problems.stream()
          .filter(p -> within(p.span(), span))
          .findFirst()
          .ifPresent(p -> lenses.add(lens(nameRange(doc, d), noPlan(p))));
    }
    return lenses;
  }

  /** Each group's instances times GPUs per instance times its price per GPU-hour. */
  static HourlyPrice deploymentCost(PlanDeployment deployment) {
    HourlyPrice sum = HourlyPrice.ZERO;
    for (var g : deployment.groups()) {
      sum = sum.plus(g.pricePerGpuHour().times((double) g.instances() * g.gpusPerInstance()));
    }
    return sum;
  }

  static String cost(HourlyPrice price, int gpus) {
    return String.format(
        Locale.ROOT, "$%.2f/h, %d GPU%s", price.dollarsPerHour(), gpus, gpus == 1 ? "" : "s");
  }

  private static String noPlan(SolverProblem problem) {
    return "compile: no feasible plan (" + problem.kind().id() + ")";
  }

  private static boolean within(Span inner, Span outer) {
    return inner.file().equals(outer.file())
        && inner.start() >= outer.start()
        && inner.end() <= outer.end();
  }

  private static Range top() {
    return new Range(new Position(0, 0), new Position(0, 0));
  }

  private static Range nameRange(Document doc, ResolvedDeployment d) {
    return Positions.range(doc.source().lineMap(), d.deployment().name().span());
  }

  private static CodeLens lens(Range range, String title) {
    return new CodeLens(range, new Command(title, NO_COMMAND), null);
  }
}
