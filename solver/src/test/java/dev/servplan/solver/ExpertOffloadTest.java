package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.offload.Offload;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * MoE expert offload: the solver caches part of Mixtral's experts on one GPU at low traffic, and
 * keeps every expert on the GPUs where batches are large, the TPOT is tight, or the target engine
 * cannot run it.
 */
class ExpertOffloadTest {
  static final Path EXAMPLE = Path.of("..", "examples", "moe-expert-offload.yaml");

  static String withOption(String yaml, String value) {
    return yaml.replace("expert_offload: auto", "expert_offload: " + value);
  }

  static boolean anyExpertOffload(Plan plan) {
    return OffloadTest.groups(plan).stream().anyMatch(g -> ExpertOffload.of(g).isPresent());
  }

  @Test
  void lowRateMixtralCachesExpertsOnOneGpu() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    Plan auto = PrefixCachingTest.solve(yaml);
    Plan never = PrefixCachingTest.solve(withOption(yaml, "never"));
    assertThat(anyExpertOffload(auto)).isTrue();
    assertThat(anyExpertOffload(never)).isFalse();
    assertThat(auto.totalGpus()).isEqualTo(1);
    assertThat(never.totalGpus()).isEqualTo(2);
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
    Group g = OffloadTest.groups(auto).get(0);
    assertThat(ExpertOffload.of(g).get().cachedExperts()).isBetween(1, 7);
    // The weight offload alternative would stream ~20 GiB per iteration, over the 300 ms TPOT.
    assertThat(Offload.of(g)).isEmpty();
  }

  @Test
  void highRateKeepsExpertsOnTheGpus() throws Exception {
    // At 2 requests/s batches grow and nearly every uncached expert is touched in every step.
    String yaml = Files.readString(EXAMPLE).replace("rate: 0.02/s", "rate: 2/s");
    Plan auto = PrefixCachingTest.solve(yaml);
    assertThat(anyExpertOffload(auto)).isFalse();
    assertThat(auto.costPerHour().dollarsPerHour())
        .isEqualTo(
            PrefixCachingTest.solve(withOption(yaml, "never")).costPerHour().dollarsPerHour());
  }

  @Test
  void tightTpotKeepsExpertsOnTheGpus() throws Exception {
    String yaml = Files.readString(EXAMPLE).replace("tpot: {p99: 300ms}", "tpot: {p99: 50ms}");
    assertThat(anyExpertOffload(PrefixCachingTest.solve(yaml))).isFalse();
  }

  @Test
  void alwaysOffloadsExpertsOnEveryGroup() throws Exception {
    assertThat(
            OffloadTest.groups(
                PrefixCachingTest.solve(withOption(Files.readString(EXAMPLE), "always"))))
        .isNotEmpty()
        .allMatch(g -> ExpertOffload.of(g).isPresent());
  }

  @Test
  void noConcreteEngineGetsExpertOffload() throws Exception {
    for (String engine : new String[] {"vllm", "sglang", "trtllm"}) {
      String yaml =
          Files.readString(EXAMPLE)
              .replace("  time_limit: 10s", "  engine: " + engine + "\n  time_limit: 10s");
      assertThat(anyExpertOffload(PrefixCachingTest.solve(yaml))).as(engine).isFalse();
    }
  }

  @Test
  void denseModelsGetNoExpertChoices() throws Exception {
    String yaml =
        Files.readString(OffloadTest.EXAMPLE)
            .replace("engine: vllm", "engine: any")
            .replace("offload: auto", "expert_offload: always");
    assertThat(anyExpertOffload(PrefixCachingTest.solve(yaml))).isFalse();
  }
}
