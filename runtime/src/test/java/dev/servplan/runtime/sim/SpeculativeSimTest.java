package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A speculating group advances each decoding sequence by E tokens per step on average. */
class SpeculativeSimTest {
  static final int INPUT = 512;
  static final int OUTPUT = 257;
  final Simulator simulator = new Simulator(SimFixtures.COST);

  static SpeculativeStep step(InstanceConfig target, double acceptance) {
    var draft = Catalogs.models().find("llama-3.2-1b").orElseThrow();
    return new SpeculativeStep(SpeculativeStep.draftConfig(draft, target), acceptance, 4);
  }

  static SimDeployment lone(Optional<SpeculativeStep> speculative) {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    SimGroup g =
        SimFixtures.unified(
            config, 256, 8192, 20_000, speculative.stream().toArray(InstanceTerm[]::new));
    // One request every 100 s on average: each runs alone, so TPOT is the per-step time over tokens
    // per step.
    return new SimDeployment(
        "chat",
        List.of(g),
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(0.01),
            LengthDistribution.fixed(INPUT),
            LengthDistribution.fixed(OUTPUT)),
        List.of(new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(50))),
        new Fraction(0.99));
  }

  double medianTpotMs(Optional<SpeculativeStep> s, long seed) {
    return simulator
        .run(List.of(lone(s)), SimOptions.defaults().withRequests(200).withSeed(seed))
        .deployments()
        .get(0)
        .tpotMs()
        .p50();
  }

  @Test
  void loneRequestsDecodeAtTheStepTimeOverExpectedTokens() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    SpeculativeStep s = step(config, 0.75);
    double plain = medianTpotMs(Optional.empty(), 1);
    double spec = medianTpotMs(Optional.of(s), 1);
    // Step time at the mid-request context over E = 3.05 tokens; the draws average out over 200
    // requests.
    double predicted =
        s.stepSeconds(SimFixtures.COST, config, BatchShape.decode(1, INPUT + OUTPUT / 2.0))
            / s.expectedTokens()
            * 1000;
    assertThat(spec).isBetween(predicted * 0.9, predicted * 1.1);
    assertThat(spec).isLessThan(plain * 0.9);
  }

  @Test
  void lowAcceptanceIsSlowerThanNoDraft() {
    InstanceConfig config = SimFixtures.llama8bOnH100(1);
    assertThat(medianTpotMs(Optional.of(step(config, 0.2)), 1))
        .isGreaterThan(medianTpotMs(Optional.empty(), 1));
  }

  @Test
  void acceptanceDrawsAreFixedByTheSeed() {
    SimDeployment d = lone(Optional.of(step(SimFixtures.llama8bOnH100(1), 0.75)));
    SimOptions options = SimOptions.defaults().withRequests(100).withSeed(3);
    assertThat(simulator.run(List.of(d), options)).isEqualTo(simulator.run(List.of(d), options));
  }
}
