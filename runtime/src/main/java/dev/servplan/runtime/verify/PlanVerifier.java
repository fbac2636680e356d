package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.CostModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a plan's invariants with its own arithmetic, independent of the solver that wrote it:
 * memory recomputed from the catalogs, parallelism against the model and the node, placement, pool
 * capacity, prices, precisions and, given the spec, coverage of every deployment. Every check runs;
 * each problem becomes a {@link Violation}.
 */
public final class PlanVerifier {
  private final CostModel costModel;

  public PlanVerifier(CostModel costModel) {
    this.costModel = Objects.requireNonNull(costModel, "costModel");
  }

  /** Verifies {@code plan}; with {@code spec}, pool sizes, prices and coverage come from it. */
  public VerifyReport verify(Plan plan, Optional<ValidIr> spec) {
    PlanContext context = new PlanContext(plan, spec);
    List<Violation> violations = new ArrayList<>();
    GroupChecks groups = new GroupChecks(costModel, violations);
    for (PlanContext.GroupView view : context.groups()) {
      groups.check(context, view);
    }
    PlanChecks checks = new PlanChecks(violations);
    checks.coverage(context);
    checks.placement(context);
    checks.pools(context);
    checks.cost(context);
    return new VerifyReport(violations);
  }
}
