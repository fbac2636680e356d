package dev.servplan.compiler.plan;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.List;
import java.util.Objects;

/**
 * A solved deployment plan: what to launch where, what it costs, and the evidence for it (predicted
 * latencies, per-constraint slack, the baseline it beats, solver status). Written by {@link
 * PlanIo}.
 */
public record Plan(
    SpecRef spec,
    HourlyPrice costPerHour,
    Objective objective,
    SolverInfo solver,
    Baseline baseline,
    List<PlanDeployment> deployments,
    List<PoolUsage> inventory) {
  /** The only {@code apiVersion} this code reads and writes. */
  public static final String API_VERSION = "servplan/v1";

  /** The only {@code kind} this code reads and writes. */
  public static final String KIND = "Plan";

  public Plan {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(costPerHour, "costPerHour");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(baseline, "baseline");
    deployments = List.copyOf(deployments);
    inventory = List.copyOf(inventory);
  }

  /** Total GPUs the plan uses, over all deployments and groups. */
  public int totalGpus() {
    return deployments.stream().mapToInt(PlanDeployment::totalGpus).sum();
  }

  public Plan withSolver(SolverInfo newSolver) {
    return new Plan(spec, costPerHour, objective, newSolver, baseline, deployments, inventory);
  }
}
