package dev.servplan.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.GroupRole;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimDeployment;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.SimReportRenderer;
import dev.servplan.runtime.sim.Simulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulationCheckTest {
  private static ValidIr specAtRate(String rate) {
    String text = PlanFixtures.specText().replace("rate: 20/s", "rate: " + rate);
    return SpecCompiler.compile(SourceFile.of("chat.yaml", text), Path.of("."))
        .valid()
        .orElseThrow();
  }

  private static SimReport simulate(ValidIr spec, int instances) {
    var plan = PlanFixtures.plan(List.of(PlanFixtures.h100Group(Role.UNIFIED, instances, 1, 0)));
    List<SimDeployment> deployments =
        PlanSimulation.deployments(plan, spec, Path.of("."), PlanFixtures.COST, Optional.empty());
    return new Simulator(PlanFixtures.COST)
        .run(deployments, SimOptions.defaults().withRequests(1500));
  }

  @Test
  void thePlanBecomesSimGroupsWithTheSpecWorkloadAndBlocksFromTheKvCache() {
    var plan = PlanFixtures.valid();
    List<SimDeployment> deployments =
        PlanSimulation.deployments(
            plan, PlanFixtures.spec(), Path.of("."), PlanFixtures.COST, Optional.empty());
    assertThat(deployments)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("chat");
              assertThat(d.groups())
                  .singleElement()
                  .satisfies(
                      g -> {
                        assertThat(g.role()).isEqualTo(GroupRole.UNIFIED);
                        assertThat(g.instances()).isEqualTo(2);
                        // llama-3.1-8b bf16: 2·8 KV heads·128·2 bytes·32 layers = 128 KiB per
                        // token, 2 MiB per block.
                        double gib =
                            plan.deployments().get(0).groups().get(0).kvCachePerGpu().gib();
                        assertThat(g.kvBlocks()).isEqualTo((long) Math.floor(gib * 1024 / 2));
                      });
              assertThat(d.targets()).hasSize(2);
              assertThat(d.attainment().value()).isEqualTo(0.99);
            });
  }

  @Test
  void aPlanThatKeepsUpPassesAndAnOverloadedOneNamesTheMissedMetric() {
    var plan = PlanFixtures.valid();
    SimReport ok = simulate(specAtRate("10/s"), 2);
    assertThat(SimulationCheck.violations(plan, ok)).isEmpty();

    SimReport overloaded = simulate(specAtRate("200/s"), 1);
    DeploymentResult r = overloaded.deployments().get(0);
    assertThat(r.sloAttainment()).isLessThan(0.99);
    List<Violation> v = SimulationCheck.violations(plan, overloaded);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0701, PlanCode.P0702);
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0701)
        .first()
        .satisfies(
            x ->
                assertThat(x.message())
                    .contains("deployment 'chat'")
                    .contains("ttft p99")
                    .contains("500ms"));
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0702)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.path()).isEqualTo("deployments[0].predicted.slo_attainment");
              assertThat(x.message()).contains("below the spec's 99%");
            });
  }

  @Test
  void theJsonReportHasTheDocumentedKeys() {
    var json = SimReportRenderer.json(simulate(specAtRate("10/s"), 2));
    var d = json.get("deployments").get(0);
    assertThat(d.get("name").asText()).isEqualTo("chat");
    assertThat(d.get("requests").asLong()).isEqualTo(1500);
    for (String metric : List.of("ttft_ms", "tpot_ms", "e2e_ms")) {
      for (String p : List.of("p50", "p90", "p95", "p99")) {
        assertThat(d.get(metric).get(p).isNumber()).as(metric + "." + p).isTrue();
      }
    }
    for (String key :
        List.of(
            "requests_per_s",
            "output_tokens_per_s",
            "slo_attainment",
            "goodput_rps",
            "preemptions")) {
      assertThat(d.has(key)).as(key).isTrue();
    }
    assertThat(d.get("ttft_ms").get("p50").asDouble())
        .isLessThanOrEqualTo(d.get("ttft_ms").get("p99").asDouble());
  }
}
