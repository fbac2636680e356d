package dev.servplan.solver;

import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.unit.Duration;

/** Shared solver and spec builders for the solver tests. */
final class Fixtures {
  static final DefaultSolver SOLVER = new DefaultSolver(AnalyticalCostModel.calibrated());

  private Fixtures() {}

  static SolveResult solve(String yaml, SolverConfig.Search search) {
    ValidIr ir = Specs.valid(yaml);
    return SOLVER.solve(
        ir, SpecRef.of("t", yaml), new SolverConfig(Duration.ofSeconds(20), 7, 1, search));
  }

  /** A spec with one pool per (name, gpu, count) triple and the given deployments block. */
  static String spec(String pools, String deployments, String objective, String options) {
    return "apiVersion: servplan/v1\nname: t\ninventory:\n  pools:\n"
        + pools
        + "deployments:\n"
        + deployments
        + "objective: "
        + objective
        + "\n"
        + (options.isEmpty() ? "" : "options:\n" + options);
  }

  static String pool(String name, String gpu, int count) {
    return "    - name: " + name + "\n      gpu: " + gpu + "\n      count: " + count + "\n";
  }

  static String deployment(
      String name, String model, double rate, String ttft, String tpot, String extra) {
    return "  - name: "
        + name
        + "\n    model: "
        + model
        + "\n"
        + extra
        + "    workload:\n      rate: "
        + rate
        + "/s\n"
        + "      input_tokens: {dist: lognormal, mean: 1000, p99: 4000}\n"
        + "      output_tokens: {dist: lognormal, mean: 200, p99: 800}\n"
        + "    slo:\n      ttft: {p99: "
        + ttft
        + "}\n      tpot: {p99: "
        + tpot
        + "}\n";
  }
}
