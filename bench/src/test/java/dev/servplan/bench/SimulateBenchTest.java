package dev.servplan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.SimDeployment;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.SimWorkload;
import dev.servplan.runtime.sim.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulateBenchTest {
  /** The benchmarked plan is a loaded but stable one: everything completes and the SLO holds. */
  @Test
  void benchmarkDeploymentServesItsLoad() {
    AnalyticalCostModel cost = AnalyticalCostModel.calibrated();
    SimDeployment d = SimulateBench.deployment(cost, 16);
    assertThat(d.groups()).singleElement().satisfies(g -> assertThat(g.instances()).isEqualTo(16));
    assertThat(((SimWorkload.Synthetic) d.workload()).arrivals().ratePerS()).isEqualTo(192.0);
    SimReport report =
        new Simulator(cost).run(List.of(d), SimOptions.defaults().withRequests(20_000));
    DeploymentResult r = report.deployments().get(0);
    assertThat(r.requests()).as("every request completes").isEqualTo(20_000);
    assertThat(r.rejected()).isZero();
    assertThat(r.gpuUtilization()).isBetween(0.2, 1.0);
    // The SLO holds: both p99 targets (TTFT 500 ms, TPOT 50 ms) and the 99 % attainment.
    assertThat(r.targets()).hasSize(2);
    assertThat(r.targets())
        .allSatisfy(
            t ->
                assertThat(t.met())
                    .as(
                        "%s %s: simulated %.1f ms vs limit %s",
                        t.target().metric(),
                        t.target().percentile(),
                        t.simulatedMs(),
                        t.target().limit())
                    .isTrue());
    assertThat(r.ttftMs().p99()).isLessThanOrEqualTo(500.0);
    assertThat(r.tpotMs().p99()).isLessThanOrEqualTo(50.0);
    assertThat(r.sloAttainment()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.attainmentMet()).isTrue();
  }
}
