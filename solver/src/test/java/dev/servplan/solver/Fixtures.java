package dev.servplan.solver;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.solver.technique.Draft;
import java.util.List;

/** Shared solver and spec builders for the solver tests. */
final class Fixtures {
  static final DefaultSolver SOLVER = new DefaultSolver(AnalyticalCostModel.calibrated());

  private Fixtures() {}

  /** A queueing model of {@code config} with the given technique terms. */
  static QueueModel queue(
      CostModel cost,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      InstanceTerm... terms) {
    return new QueueModel(
        InstanceModel.of(
            cost,
            config,
            MemoryOptions.DEFAULT.withMaxTokensPerIteration(chunkTokens),
            List.of(terms)),
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        0,
        0);
  }

  /** A draft of the deployment's first pool on {@code config} in {@code role}, nothing chosen. */
  static Draft draft(ValidIr ir, InstanceConfig config, Role role, Options options) {
    ResolvedDeployment d = ir.deployments().get(0);
    MemoryOptions mem = MemoryOptions.DEFAULT.withMaxTokensPerIteration(2048);
    return new Draft(
        d,
        options,
        d.pools().get(0),
        config,
        role,
        2048,
        mem,
        SOLVER_COST.memory(config, mem),
        new Demand(d, false),
        new Demand(d, true),
        10_000,
        TechniqueSettings.NONE,
        List.of());
  }

  static final CostModel SOLVER_COST = AnalyticalCostModel.calibrated();

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
