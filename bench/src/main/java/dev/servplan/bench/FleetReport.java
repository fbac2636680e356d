package dev.servplan.bench;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.solver.SolveResult;
import java.util.Locale;

/**
 * Solves the benchmark fleet once and prints what the timing alone does not show: solver status,
 * gap, cost and GPUs per pool and deployment. {@code java -cp bench/target/benchmarks.jar
 * dev.servplan.bench.FleetReport [time-limit]}.
 */
public final class FleetReport {
  private FleetReport() {}

  public static void main(String[] args) {
    String limit = args.length > 0 ? args[0] : SolveBench.FLEET_TIME_LIMIT;
    String text = FleetSpec.yaml(limit);
    long start = System.nanoTime();
    SolveResult result = Pipeline.compileAndSolve("fleet-20x8.yaml", text);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "fleet: %d deployments, %d pools, %d GPUs; compile+solve %.2f s wall%n",
        FleetSpec.DEPLOYMENTS,
        FleetSpec.POOLS.size(),
        FleetSpec.totalGpus(),
        seconds);
    System.out.print(describe(result));
  }

  /** Status, gap, cost and the GPUs used, one line per pool and per deployment. */
  static String describe(SolveResult result) {
    StringBuilder out = new StringBuilder();
    if (result instanceof SolveResult.Infeasible inf) {
      out.append("infeasible: ").append(inf.problems()).append('\n');
      return out.toString();
    }
    Plan plan = ((SolveResult.Solved) result).plan();
    out.append(
        String.format(
            Locale.ROOT,
            "solver: %s status %s gap %.4f%% solver wall %d ms; cost $%.2f/h%n",
            plan.solver().backend(),
            plan.solver().status(),
            plan.solver().gap() * 100,
            plan.solver().wallMs(),
            plan.costPerHour().dollarsPerHour()));
    for (PoolUsage u : plan.inventory()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  pool %-10s %-15s %5d / %5d GPUs%n",
              u.pool(),
              u.gpu(),
              u.usedGpus(),
              u.availableGpus()));
    }
    for (PlanDeployment d : plan.deployments()) {
      out.append(
          String.format(Locale.ROOT, "  deployment %-16s %4d GPUs%n", d.name(), d.totalGpus()));
    }
    return out.toString();
  }
}
