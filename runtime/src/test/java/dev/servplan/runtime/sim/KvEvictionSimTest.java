package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.kvcompression.KvEvictionBudget;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A group with a kv_compression eviction budget holds at most the budget of KV tokens per request
 * and attends to at most that many.
 */
class KvEvictionSimTest {
  static final int INPUT = 30_000;
  static final int OUTPUT = 101;
  final Simulator simulator = new Simulator(SimFixtures.COST);

  static SimDeployment lone(long blocks, OptionalLong budget) {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    SimGroup g =
        SimFixtures.unified(
            config,
            256,
            8192,
            blocks,
            KvEvictionBudget.of(budget).stream().toArray(InstanceTerm[]::new));
    // One request every 1,000 s on average: each runs alone.
    return new SimDeployment(
        "docs",
        List.of(g),
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(0.001),
            LengthDistribution.fixed(INPUT),
            LengthDistribution.fixed(OUTPUT)),
        List.of(new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(50))),
        new Fraction(0.99));
  }

  DeploymentResult run(long blocks, OptionalLong budget) {
    return simulator
        .run(List.of(lone(blocks, budget)), SimOptions.defaults().withRequests(20).withSeed(3))
        .deployments()
        .get(0);
  }

  @Test
  void aBudgetLetsARequestLongerThanTheCacheRun() {
    // 1,000 blocks of 16 tokens hold 16,000 tokens: a 30,100-token context never fits whole.
    assertThat(run(1000, OptionalLong.empty()).rejected()).isEqualTo(20);
    assertThat(run(1000, OptionalLong.of(4096)).rejected()).isZero();
  }

  @Test
  void decodeAttendsToTheBudgetOnly() {
    double full = run(4000, OptionalLong.empty()).tpotMs().p50();
    double kept = run(4000, OptionalLong.of(4096)).tpotMs().p50();
    double predicted =
        SimFixtures.COST
                .iteration(SimFixtures.llama8bOnH100(1), BatchShape.decode(1, 4096))
                .total()
                .seconds()
            * 1000;
    assertThat(kept).isLessThan(full * 0.95).isBetween(predicted * 0.95, predicted * 1.05);
  }
}
