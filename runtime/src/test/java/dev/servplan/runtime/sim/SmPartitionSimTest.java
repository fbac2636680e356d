package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An SM-partitioned replica: decodes are not slowed by long prompt chunks, prefill runs on its
 * share, the KV cache is shared, and a request alone runs on the whole GPU.
 */
class SmPartitionSimTest {
  static final int INPUT = 8000;
  static final int OUTPUT = 200;
  final Simulator simulator = new Simulator(SimFixtures.COST);

  static SimDeployment deployment(Optional<SmPartition> split, double rate) {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    SimGroup g =
        SimFixtures.unified(
            config,
            64,
            8192,
            SimFixtures.defaultBlocks(config),
            split.stream().toArray(InstanceTerm[]::new));
    return new SimDeployment(
        "docs",
        List.of(g),
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(rate),
            LengthDistribution.fixed(INPUT),
            LengthDistribution.fixed(OUTPUT)),
        List.of(new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(50))),
        new Fraction(0.99));
  }

  DeploymentResult run(Optional<SmPartition> split, double rate, int requests) {
    return simulator
        .run(
            List.of(deployment(split, rate)),
            SimOptions.defaults().withRequests(requests).withSeed(7))
        .deployments()
        .get(0);
  }

  @Test
  void decodesAreNotStalledByPromptChunks() {
    // 8,000-token prompts at a rate that keeps prefill busy: with chunked prefill many decode
    // iterations carry a large chunk; on their own SMs decodes only feel the bandwidth share.
    DeploymentResult chunked = run(Optional.empty(), 4, 600);
    DeploymentResult split = run(Optional.of(new SmPartition(0.6)), 4, 600);
    assertThat(split.requests()).isEqualTo(600);
    assertThat(split.tpotMs().p99()).isLessThan(chunked.tpotMs().p99() * 0.7);
  }

  @Test
  void aLoneRequestRunsOnTheWholeGpu() {
    // One request every 100 s: the other stream is always idle, so prefill takes the whole GPU.
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    DeploymentResult split = run(Optional.of(new SmPartition(0.3)), 0.01, 20);
    double wholePrefillMs =
        SimFixtures.COST.iteration(config, BatchShape.prefill(1, INPUT)).total().millis();
    assertThat(split.ttftMs().p50()).isBetween(wholePrefillMs * 0.95, wholePrefillMs * 1.1);
  }

  @Test
  void partitionedRunsAreFixedByTheSeed() {
    SimDeployment d = deployment(Optional.of(new SmPartition(0.5)), 3);
    SimOptions options = SimOptions.defaults().withRequests(200).withSeed(3);
    assertThat(simulator.run(List.of(d), options)).isEqualTo(simulator.run(List.of(d), options));
  }
}
