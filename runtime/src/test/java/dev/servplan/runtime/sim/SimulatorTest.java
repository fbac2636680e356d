package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.compiler.workload.WorkloadModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private final Simulator simulator = new Simulator(SimFixtures.COST);

  @Test
  void loneRequestsSeeExactlyThePrefillAndDecodeIterationTimes() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    int input = 512;
    int output = 64;
    // One request every 100 s on average: each runs alone on an idle instance.
    SimDeployment d =
        SimFixtures.unified(1, SimFixtures.defaultBlocks(config), 0.01, input, output);
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(50)).deployments().get(0);

    double prefillMs =
        SimFixtures.COST.iteration(config, BatchShape.prefill(1, input)).total().millis();
    double decodeMs = 0;
    for (int t = 1; t < output; t++) {
      // Decode step t computes the KV of token t and attends over input + t tokens.
      decodeMs +=
          SimFixtures.COST.iteration(config, BatchShape.decode(1, input + t)).total().millis();
    }
    decodeMs /= output - 1;

    assertThat(r.requests()).isEqualTo(50);
    assertThat(r.preemptions()).isZero();
    assertThat(r.ttftMs().p50()).isCloseTo(prefillMs, within(prefillMs * 0.011));
    assertThat(r.ttftMs().p99()).isCloseTo(prefillMs, within(prefillMs * 0.011));
    assertThat(r.tpotMs().p50()).isCloseTo(decodeMs, within(decodeMs * 0.011));
    double e2e = prefillMs + (output - 1) * decodeMs;
    assertThat(r.e2eMs().p50()).isCloseTo(e2e, within(e2e * 0.011));
    assertThat(r.sloAttainment()).isEqualTo(1.0);
  }

  @Test
  void sameSeedSameReportAndAnotherSeedDiffers() {
    SimDeployment d = SimFixtures.unified(2, 4000, 40, 800, 200);
    SimOptions options = SimOptions.defaults().withRequests(2000).withSeed(7);
    SimReport a = simulator.run(List.of(d), options);
    SimReport b = simulator.run(List.of(d), options);
    SimReport c = simulator.run(List.of(d), options.withSeed(8));
    assertThat(a).isEqualTo(b);
    assertThat(c.deployments().get(0).e2eMs()).isNotEqualTo(a.deployments().get(0).e2eMs());
  }

  @Test
  void aDeadlineStopsALongRunAndAFarOneChangesNothing() {
    SimDeployment d = SimFixtures.unified(2, 4000, 40, 800, 200);
    SimOptions options = SimOptions.defaults().withRequests(2000);
    // 2,000 requests are far more than the 64 arrivals and completions between looks at the clock.
    assertThatThrownBy(
            () -> simulator.run(List.of(d), options, OptionalLong.of(System.nanoTime() - 1)))
        .isInstanceOf(Simulator.DeadlineExceeded.class);
    long far = System.nanoTime() + 3_600_000_000_000L;
    assertThat(simulator.run(List.of(d), options, OptionalLong.of(far)))
        .isEqualTo(simulator.run(List.of(d), options));
  }

  @Test
  void moreLoadMeansMoreLatency() {
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    SimOptions options = SimOptions.defaults().withRequests(3000);
    DeploymentResult light =
        simulator
            .run(List.of(SimFixtures.unified(1, blocks, 2, 1000, 200)), options)
            .deployments()
            .get(0);
    DeploymentResult heavy =
        simulator
            .run(List.of(SimFixtures.unified(1, blocks, 30, 1000, 200)), options)
            .deployments()
            .get(0);
    assertThat(heavy.ttftMs().p99()).isGreaterThan(light.ttftMs().p99());
    assertThat(heavy.tpotMs().p50()).isGreaterThan(light.tpotMs().p50());
    assertThat(heavy.gpuUtilization()).isGreaterThan(light.gpuUtilization());
    assertThat(heavy.kvUtilization()).isGreaterThan(light.kvUtilization());
  }

  @Test
  void tinyKvCacheForcesPreemptionsButEveryRequestFinishes() {
    // 200 blocks = 3200 tokens: room for about three 1000-token contexts.
    SimDeployment d = SimFixtures.unified(1, 200, 20, 600, 400);
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(300)).deployments().get(0);
    assertThat(r.preemptions()).isPositive();
    assertThat(r.requests()).isEqualTo(300);
    assertThat(r.rejected()).isZero();

    DeploymentResult roomy =
        simulator
            .run(
                List.of(SimFixtures.unified(1, 100_000, 20, 600, 400)),
                SimOptions.defaults().withRequests(300))
            .deployments()
            .get(0);
    assertThat(roomy.preemptions()).isZero();
  }

  @Test
  void requestsLargerThanTheKvCacheAreRejectedNotLooped() {
    // 10 blocks = 160 tokens, but every request needs 300.
    DeploymentResult r =
        simulator
            .run(
                List.of(SimFixtures.unified(1, 10, 5, 200, 101)),
                SimOptions.defaults().withRequests(20))
            .deployments()
            .get(0);
    assertThat(r.rejected()).isEqualTo(20);
    assertThat(r.requests()).isZero();
    assertThat(r.sloAttainment()).isZero();
  }

  @Test
  void disaggregatedRequestsPrefillThenTransferThenDecode() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    long blocks = SimFixtures.defaultBlocks(config);
    SimGroup prefill = SimFixtures.group(GroupRole.PREFILL, 1, blocks);
    SimGroup decode = SimFixtures.group(GroupRole.DECODE, 2, blocks);
    int input = 2000;
    int output = 50;
    SimDeployment d =
        new SimDeployment(
            "split",
            List.of(prefill, decode),
            new SimWorkload.Synthetic(
                ArrivalModel.poisson(0.01),
                LengthDistribution.fixed(input),
                LengthDistribution.fixed(output)),
            List.of(new SloTarget(Slo.Metric.TTFT, Slo.Percentile.P99, Duration.ofMillis(1000))),
            new Fraction(0.9));
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(20)).deployments().get(0);

    double prefillMs =
        SimFixtures.COST.iteration(config, BatchShape.prefill(1, input)).total().millis();
    double transferMs =
        (prefill.transferLink().latencyS()
                + input * prefill.kvBytesPerToken() / prefill.transferLink().bandwidthBytesPerS())
            * 1000;
    double decodeMs = 0;
    for (int t = 1; t < output; t++) {
      decodeMs +=
          SimFixtures.COST.iteration(config, BatchShape.decode(1, input + t)).total().millis();
    }
    assertThat(r.requests()).isEqualTo(20);
    assertThat(r.ttftMs().p50()).isCloseTo(prefillMs, within(prefillMs * 0.011));
    double e2e = prefillMs + transferMs + decodeMs;
    assertThat(r.e2eMs().p50()).isCloseTo(e2e, within(e2e * 0.011));
    assertThat(transferMs).isPositive();
  }

  @Test
  void durationStopsArrivalsAndRoundRobinSpreadsLoad() {
    SimDeployment d = SimFixtures.unified(4, 4000, 10, 300, 50);
    SimReport r =
        simulator.run(
            List.of(d),
            SimOptions.defaults().withDuration(60).withRouter(RouterPolicy.ROUND_ROBIN));
    DeploymentResult result = r.deployments().get(0);
    // About 600 arrivals in 60 s at 10/s.
    assertThat(result.requests()).isBetween(450L, 750L);
    assertThat(result.requestsPerS()).isCloseTo(10, within(2.5));
  }

  @Test
  void prefixCacheHitsSkipTheSharedPromptBlocks() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    int input = 1024;
    SimDeployment d =
        SimFixtures.unified(1, SimFixtures.defaultBlocks(config), 0.01, input, 8)
            .withWorkload(
                new SimWorkload.Synthetic(
                    ArrivalModel.poisson(0.01),
                    LengthDistribution.fixed(input),
                    LengthDistribution.fixed(8),
                    new WorkloadModel.Prefix(500, 1.0)));
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(20)).deployments().get(0);
    // 500 shared tokens hit as 496 (31 whole blocks); the other 528 are computed over them.
    double hitMs =
        SimFixtures.COST
            .iteration(
                config,
                new BatchShape(
                    List.of(new dev.servplan.hwdb.cost.PrefillChunk(input - 496, 496)), 0, 0))
            .total()
            .millis();
    double missMs =
        SimFixtures.COST.iteration(config, BatchShape.prefill(1, input)).total().millis();
    assertThat(r.ttftMs().p50()).isCloseTo(hitMs, within(hitMs * 0.011));
    assertThat(hitMs).isLessThan(missMs);
  }

  @Test
  void aGroupWithoutPrefixCachingComputesTheWholePrompt() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    int input = 1024;
    SimDeployment d =
        SimFixtures.unified(1, SimFixtures.defaultBlocks(config), 0.01, input, 8)
            .withWorkload(
                new SimWorkload.Synthetic(
                    ArrivalModel.poisson(0.01),
                    LengthDistribution.fixed(input),
                    LengthDistribution.fixed(8),
                    new WorkloadModel.Prefix(500, 1.0)));
    SimDeployment off =
        d.withGroups(d.groups().stream().map(g -> g.withPrefixCaching(false)).toList());
    DeploymentResult r =
        simulator.run(List.of(off), SimOptions.defaults().withRequests(20)).deployments().get(0);
    double missMs =
        SimFixtures.COST.iteration(config, BatchShape.prefill(1, input)).total().millis();
    assertThat(r.ttftMs().p50()).isCloseTo(missMs, within(missMs * 0.011));
  }

  @Test
  void burstyArrivalsQueueMoreThanPoissonAtTheSameRate() {
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    SimDeployment poisson = SimFixtures.unified(1, blocks, 10, 1000, 100);
    SimDeployment bursty =
        poisson.withWorkload(
            new SimWorkload.Synthetic(
                new ArrivalModel(10, 4.0),
                LengthDistribution.fixed(1000),
                LengthDistribution.fixed(100)));
    SimOptions options = SimOptions.defaults().withRequests(4000);
    DeploymentResult p = simulator.run(List.of(poisson), options).deployments().get(0);
    DeploymentResult b = simulator.run(List.of(bursty), options).deployments().get(0);
    assertThat(b.ttftMs().p99()).isGreaterThan(p.ttftMs().p99());
    assertThat(b.maxQueueLength()).isGreaterThan(p.maxQueueLength());
  }
}
