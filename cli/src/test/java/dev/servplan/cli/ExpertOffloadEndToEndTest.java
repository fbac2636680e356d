package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expert-offload example through the commands: the plan field, validation with simulation,
 * explain's expected expert loads, and every engine's refusal.
 */
class ExpertOffloadEndToEndTest {
  static final String EXAMPLE = Path.of("..", "examples", "moe-expert-offload.yaml").toString();
  @TempDir static Path dir;
  static Path plan;
  static int cached;

  @BeforeAll
  static void compile() throws Exception {
    plan = dir.resolve("plan.json");
    CliRun run = CliRun.of("compile", EXAMPLE, "--quiet", "-o", plan.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    cached =
        new ObjectMapper()
            .readTree(plan.toFile())
            .at("/deployments/0/groups/0/expert_offload/cached_experts")
            .asInt(-1);
    assertThat(cached).isBetween(1, 7);
  }

  @Test
  void planValidatesInSimulation() {
    CliRun run = CliRun.of("validate", plan.toString(), "--spec", EXAMPLE, "--simulate");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("tpot p99").contains("ok");
  }

  @Test
  void explainShowsExpectedExpertLoads() {
    CliRun run = CliRun.of("explain", plan.toString());
    assertThat(run.exitCode()).isZero();
    // Mixtral routes each token to 2 of 8 experts: one decode token touches an uncached expert
    // with probability 1/4.
    double loads = (8 - cached) * 0.25;
    assertThat(run.out())
        .contains("expert offload: " + cached + " of 8 routed experts per layer stay on each GPU")
        .contains(
            "1 decode token: "
                + (loads == Math.rint(loads) ? Long.toString((long) loads) : Double.toString(loads))
                + " experts");
  }

  @Test
  void everyEngineRefuses() {
    for (String target : new String[] {"vllm", "sglang", "trtllm", "k8s"}) {
      CliRun run = CliRun.of("emit", plan.toString(), "--target", target, "-o", dir.toString());
      assertThat(run.exitCode()).as(target).isEqualTo(ExitCode.UNSATISFIED);
      assertThat(run.err()).as(target).contains("expert offload", "--option expert_offload=never");
    }
  }
}
