package dev.servplan.runtime.sim;

import dev.servplan.compiler.workload.ArrivalModel;
import java.util.List;

/**
 * Speed benchmark, run by hand (not a test: no wall-clock assertions in unit tests): {@code java
 * -cp ... dev.servplan.runtime.sim.SimBenchmark [requests] [instances]}. The target is one million
 * requests on a 16-instance plan in under 10 s on 2 cores (docs/simulator.md).
 */
public final class SimBenchmark {
  private SimBenchmark() {}

  public static void main(String[] args) {
    long requests = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    // About 70% of what 16 H100s serve at 800 input / 200 output tokens.
    double rate = 12.0 * instances;
    SimDeployment d =
        new SimDeployment(
            "bench",
            List.of(SimFixtures.group(GroupRole.UNIFIED, instances, blocks)),
            new SimWorkload.Synthetic(
                ArrivalModel.poisson(rate),
                SimFixtures.lognormal(800, 4000, 100_000),
                SimFixtures.lognormal(200, 800, 100_000)),
            SimFixtures.unified(1, 1, 1, 1, 1).targets(),
            SimFixtures.unified(1, 1, 1, 1, 1).attainment());
    Simulator simulator = new Simulator(SimFixtures.COST);
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      SimReport report = simulator.run(List.of(d), SimOptions.defaults().withRequests(requests));
      double seconds = (System.nanoTime() - start) / 1e9;
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "round %d: %d requests, %d events in %.2f s wall (%.0f MiB heap used)%n",
          round,
          report.deployments().get(0).requests(),
          report.events(),
          seconds,
          (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
      System.out.print(SimReportRenderer.text(report));
    }
  }
}
