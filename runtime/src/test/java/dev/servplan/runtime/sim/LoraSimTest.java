package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A group serving LoRA adapters: requests name adapters by share, and a batch pays for the distinct
 * adapters it holds.
 */
class LoraSimTest {
  final Simulator simulator = new Simulator(SimFixtures.COST);

  static SimDeployment busy(Optional<LoraServing> lora) {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    SimGroup g =
        SimFixtures.unified(config, 256, 8192, 200_000, lora.stream().toArray(InstanceTerm[]::new));
    // Busy enough that batches hold tens of requests, so many adapters share a step.
    return new SimDeployment(
        "chat",
        List.of(g),
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(20), LengthDistribution.fixed(512), LengthDistribution.fixed(256)),
        List.of(new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(100))),
        new Fraction(0.99));
  }

  double medianTpotMs(Optional<LoraServing> lora) {
    return simulator
        .run(List.of(busy(lora)), SimOptions.defaults().withRequests(2000).withSeed(7))
        .deployments()
        .get(0)
        .tpotMs()
        .p50();
  }

  @Test
  void manyAdaptersSlowEachStepMoreThanOne() {
    double plain = medianTpotMs(Optional.empty());
    double one =
        medianTpotMs(
            Optional.of(LoraServing.allResident(List.of(new LoraServing.Family(1, 16, 1.0)))));
    double many =
        medianTpotMs(
            Optional.of(LoraServing.allResident(List.of(new LoraServing.Family(100, 16, 1.0)))));
    assertThat(one).isGreaterThan(plain);
    assertThat(many).isGreaterThan(one * 1.02);
  }

  @Test
  void requestsDrawAdaptersByShare() {
    LoraServing lora =
        LoraServing.allResident(
            List.of(new LoraServing.Family(10, 16, 0.6), new LoraServing.Family(2, 64, 0.3)));
    SplittableRandom rng = new SplittableRandom(3);
    int[] counts = new int[13];
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      int a = lora.adapterFor(rng.nextDouble());
      counts[a < 0 ? 12 : a]++;
    }
    double family0 = 0;
    for (int a = 0; a < 10; a++) {
      family0 += counts[a];
      assertThat(counts[a] / (double) n).isCloseTo(0.06, within(0.005));
    }
    assertThat(family0 / n).isCloseTo(0.6, within(0.005));
    assertThat((counts[10] + counts[11]) / (double) n).isCloseTo(0.3, within(0.005));
    assertThat(counts[12] / (double) n).isCloseTo(0.1, within(0.005));
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    Optional<LoraServing> lora =
        Optional.of(LoraServing.allResident(List.of(new LoraServing.Family(50, 16, 0.8))));
    assertThat(medianTpotMs(lora)).isEqualTo(medianTpotMs(lora));
  }
}
