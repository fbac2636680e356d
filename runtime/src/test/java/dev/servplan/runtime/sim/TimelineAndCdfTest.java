package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data the HTML report draws: histogram CDFs and the first-N request timeline. */
class TimelineAndCdfTest {
  private final Simulator simulator = new Simulator(SimFixtures.COST);

  @Test
  void cdfIsMonotoneEndsAtOneAndAgreesWithThePercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i);
    }
    List<LatencyCdf.Point> points = h.cdf().points();
    assertThat(points).isNotEmpty();
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i).value()).isGreaterThan(points.get(i - 1).value());
      assertThat(points.get(i).share()).isGreaterThan(points.get(i - 1).share());
    }
    assertThat(points.get(0).value()).isEqualTo(1.0);
    assertThat(points.get(points.size() - 1).value()).isEqualTo(1000.0);
    assertThat(points.get(points.size() - 1).share()).isEqualTo(1.0);
    // The share at ~500 is ~half, within the 1% bucket width.
    LatencyCdf.Point mid = points.stream().filter(p -> p.value() >= 500).findFirst().orElseThrow();
    assertThat(mid.share()).isCloseTo(mid.value() / 1000, within(0.011));
    assertThat(new LatencyHistogram().cdf().isEmpty()).isTrue();
  }

  @Test
  void zerosGetTheirOwnFirstPoint() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(0);
    h.record(0);
    h.record(10);
    h.record(20);
    List<LatencyCdf.Point> points = h.cdf().points();
    assertThat(points.get(0)).isEqualTo(new LatencyCdf.Point(0, 0.5));
    assertThat(points).hasSize(3);
  }

  @Test
  void timelineKeepsTheFirstRequestsInArrivalOrderWithConsistentTimes() {
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    SimDeployment d = SimFixtures.unified(3, blocks, 20, 800, 100);
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(500)).deployments().get(0);
    RequestTimeline t = r.timeline();
    assertThat(t.instances()).containsExactly("unified 0", "unified 1", "unified 2");
    assertThat(t.requests()).hasSize(Simulator.TIMELINE_SAMPLE);
    double previous = 0;
    for (int i = 0; i < t.requests().size(); i++) {
      RequestTimeline.Request q = t.requests().get(i);
      assertThat(q.sequence()).isEqualTo(i);
      assertThat(q.arrivalS()).isGreaterThanOrEqualTo(previous);
      previous = q.arrivalS();
      assertThat(q.firstTokenS()).isGreaterThan(q.arrivalS());
      assertThat(q.finishS()).isGreaterThan(q.firstTokenS());
      assertThat(q.handoffS()).isNaN();
      assertThat(q.entryInstance()).isBetween(0, 2).isEqualTo(q.instance());
      assertThat(q.rejected()).isFalse();
      assertThat(q.inputTokens()).isEqualTo(800);
      assertThat(q.outputTokens()).isEqualTo(100);
    }
    // Least-loaded routing spreads the sample over every instance.
    assertThat(t.requests().stream().mapToInt(RequestTimeline.Request::instance).distinct().count())
        .isEqualTo(3);
    assertThat(r.e2eCdf().points().get(r.e2eCdf().points().size() - 1).share()).isEqualTo(1.0);
  }

  @Test
  void fewerRequestsThanTheSampleAreAllKept() {
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    DeploymentResult r =
        simulator
            .run(
                List.of(SimFixtures.unified(1, blocks, 5, 100, 10)),
                SimOptions.defaults().withRequests(17))
            .deployments()
            .get(0);
    assertThat(r.timeline().requests()).hasSize(17);
  }

  @Test
  void disaggregatedRequestsRecordPrefillThenDecodeInstance() {
    long blocks = SimFixtures.defaultBlocks(SimFixtures.llama8bOnH100(1));
    SimDeployment d =
        new SimDeployment(
            "split",
            List.of(
                SimFixtures.group(GroupRole.PREFILL, 1, blocks),
                SimFixtures.group(GroupRole.DECODE, 2, blocks)),
            new SimWorkload.Synthetic(
                ArrivalModel.poisson(5),
                LengthDistribution.fixed(1000),
                LengthDistribution.fixed(40)),
            List.of(new SloTarget(Slo.Metric.TTFT, Slo.Percentile.P99, Duration.ofMillis(1000))),
            new Fraction(0.9));
    RequestTimeline t =
        simulator
            .run(List.of(d), SimOptions.defaults().withRequests(30))
            .deployments()
            .get(0)
            .timeline();
    assertThat(t.instances()).containsExactly("prefill 0", "decode 0", "decode 1");
    for (RequestTimeline.Request q : t.requests()) {
      assertThat(q.entryInstance()).isZero();
      assertThat(q.instance()).isIn(1, 2);
      assertThat(q.firstTokenS()).isLessThan(q.handoffS());
      assertThat(q.handoffS()).isLessThan(q.finishS());
    }
  }

  @Test
  void rejectedRequestsAreMarked() {
    // 10 blocks of 16 tokens cannot hold a 1000-token prompt.
    SimDeployment d = SimFixtures.unified(1, 10, 5, 1000, 10);
    DeploymentResult r =
        simulator.run(List.of(d), SimOptions.defaults().withRequests(5)).deployments().get(0);
    assertThat(r.rejected()).isEqualTo(5);
    assertThat(r.timeline().requests())
        .hasSize(5)
        .allSatisfy(
            q -> {
              assertThat(q.rejected()).isTrue();
              assertThat(q.instance()).isEqualTo(-1);
              assertThat(q.firstTokenS()).isNaN();
              assertThat(q.finishS()).isEqualTo(q.arrivalS());
            });
    assertThat(r.ttftCdf().isEmpty()).isTrue();
  }
}
