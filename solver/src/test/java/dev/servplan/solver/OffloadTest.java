package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.solver.technique.offload.OffloadPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weight offload to host memory: the placement integer program, and the solver's choice on the
 * batch example (it wins with a loose TPOT, loses with a tight one).
 */
class OffloadTest {
  static final Path EXAMPLE = Path.of("..", "examples", "offload-batch.yaml");

  static String withOption(String yaml, String value) {
    return yaml.replace("offload: auto", "offload: " + value);
  }

  static List<Group> groups(Plan plan) {
    return plan.deployments().stream().flatMap(d -> d.groups().stream()).toList();
  }

  static boolean anyOffload(Plan plan) {
    return groups(plan).stream().anyMatch(g -> Offload.of(g).isPresent());
  }

  @Test
  void placementFreesTheDeficitInWholeGib() {
    // Host weights only (the engines' tier): exactly the deficit, within the host share.
    assertThat(OffloadPlacement.solve(11, 0, 20, 100, 0, 0))
        .contains(new OffloadPlacement.Placement(11, 0, 0));
    // Within a host share of 10 nothing frees 11.
    assertThat(OffloadPlacement.solve(11, 0, 20, 10, 0, 0)).isEmpty();
    // More than the offloadable weights cannot be freed.
    assertThat(OffloadPlacement.solve(32, 0, 31, 100, 0, 0)).isEmpty();
  }

  @Test
  void batchExampleOffloadsAndFitsOnFewerGpus() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    Plan auto = PrefixCachingTest.solve(yaml);
    Plan never = PrefixCachingTest.solve(withOption(yaml, "never"));
    assertThat(anyOffload(auto)).isTrue();
    assertThat(anyOffload(never)).isFalse();
    assertThat(auto.totalGpus()).isLessThan(never.totalGpus());
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
    Group g =
        groups(auto).stream().filter(x -> Offload.of(x).isPresent()).findFirst().orElseThrow();
    double gib = Offload.of(g).get().weightsHostGib();
    // Whole GiB (SGLang's flag is an integer), within the 256 GiB of host DRAM per H100; the plan
    // states the weights left on the GPU, and with the offloaded part they exceed one GPU.
    assertThat(gib).isEqualTo(Math.rint(gib)).isGreaterThan(0).isLessThanOrEqualTo(256);
    assertThat(g.memoryPerGpu().weights().gib() + gib).isGreaterThan(80);
    assertThat(g.memoryPerGpu().total().gib()).isLessThanOrEqualTo(80);
  }

  @Test
  void tightTpotRulesOffloadOut() throws Exception {
    // Streaming even one GiB over PCIe Gen5 costs ~17 ms per iteration; at a 50 ms TPOT the
    // transfer of what a 70B model needs to free leaves no room, so the plan keeps the weights.
    String yaml = Files.readString(EXAMPLE).replace("tpot: {p99: 2s}", "tpot: {p99: 50ms}");
    Plan auto = PrefixCachingTest.solve(yaml);
    assertThat(anyOffload(auto)).isFalse();
    assertThat(auto.costPerHour().dollarsPerHour())
        .isEqualTo(
            PrefixCachingTest.solve(withOption(yaml, "never")).costPerHour().dollarsPerHour());
  }

  @Test
  void alwaysOffloadsOnEveryGroup() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    assertThat(groups(PrefixCachingTest.solve(withOption(yaml, "always"))))
        .allMatch(g -> Offload.of(g).isPresent());
  }

  @Test
  void trtllmTargetNeverOffloads() throws Exception {
    String yaml = Files.readString(EXAMPLE).replace("engine: vllm", "engine: trtllm");
    Plan plan = PrefixCachingTest.solve(yaml);
    assertThat(anyOffload(plan)).isFalse();
    assertThat(plan.totalGpus()).isEqualTo(2);
  }
}
