package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExamplesSolveTest {
  /** The README's example, read from the repository so the test follows edits to it. */
  static final Path CHAT = Path.of("..", "examples", "chat.yaml");

  static SolveResult solve(String text) throws Exception {
    return DefaultSolver.analytical()
        .solve(
            Specs.valid(text),
            SpecRef.of("x", text),
            new SolverConfig(Duration.ofSeconds(10), 0, 1, SolverConfig.Search.ILP));
  }

  /**
   * examples/chat.yaml: llama-3.1-70b at 12/s on the 64-GPU H100 pool, TTFT p99 1.5 s, TPOT p99 60
   * ms, 99 % attainment, max_tp 8, weights and KV cache in bf16 or fp8.
   */
  @Test
  void chatExampleSolves() throws Exception {
    SolveResult r = solve(Files.readString(CHAT));
    if (System.getProperty("show") != null) {
      System.out.println(
          r instanceof SolveResult.Solved s
              ? PlanIo.write(s.plan(), PlanFormat.YAML)
              : r.toString());
    }
    assertThat(r).as("%s", r).isInstanceOf(SolveResult.Solved.class);
    Plan plan = ((SolveResult.Solved) r).plan();
    assertThat(plan.deployments()).hasSize(1);
    PlanDeployment chat = plan.deployments().get(0);
    assertThat(chat.name()).isEqualTo("chat");
    assertThat(chat.model()).isEqualTo("llama-3.1-70b");
    assertThat(chat.predicted().requestsPerS().perSecond()).isGreaterThanOrEqualTo(12);
    assertThat(chat.predicted().ttftP99().millis()).isLessThanOrEqualTo(1500);
    assertThat(chat.predicted().tpotP99().millis()).isLessThanOrEqualTo(60);
    assertThat(chat.predicted().sloAttainment().value()).isGreaterThanOrEqualTo(0.99);
    assertThat(chat.groups()).isNotEmpty();
    for (Group g : chat.groups()) {
      assertThat(g.pool()).isEqualTo("h100-east");
      assertThat(g.gpu()).isEqualTo("h100-sxm-80gb");
      assertThat(g.tp()).isLessThanOrEqualTo(8);
      assertThat(g.weights()).isIn(Dtype.BF16, Dtype.FP8);
      assertThat(g.kvDtype()).isIn(Dtype.BF16, Dtype.FP8);
    }
    assertThat(plan.totalGpus()).isBetween(1, 64);
    // The spec's price (2.49/h per GPU), not the catalog's.
    assertThat(plan.costPerHour().dollarsPerHour())
        .isCloseTo(2.49 * plan.totalGpus(), offset(1e-6));
  }
}
