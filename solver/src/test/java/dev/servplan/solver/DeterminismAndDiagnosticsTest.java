package dev.servplan.solver;

import static dev.servplan.solver.Fixtures.deployment;
import static dev.servplan.solver.Fixtures.pool;
import static dev.servplan.solver.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismAndDiagnosticsTest {
  static final String FLEET =
      spec(
          pool("h", "h100-sxm-80gb", 16) + pool("l", "l40s-48gb", 16),
          deployment("a", "llama-3.1-8b", 30, "1s", "50ms", "")
              + deployment("b", "mixtral-8x7b", 5, "2s", "80ms", ""),
          "minimize-cost",
          "");

  private static Plan solved(String yaml) {
    SolveResult r = Fixtures.solve(yaml, SolverConfig.Search.ILP);
    assertThat(r).as(r.toString()).isInstanceOf(SolveResult.Solved.class);
    return ((SolveResult.Solved) r).plan();
  }

  private static List<SolverProblem> problems(String yaml) {
    SolveResult r = Fixtures.solve(yaml, SolverConfig.Search.ILP);
    assertThat(r).as(r.toString()).isInstanceOf(SolveResult.Infeasible.class);
    return ((SolveResult.Infeasible) r).problems();
  }

  @Test
  void sameSpecAndSeedGiveByteIdenticalPlansExceptWallTime() {
    Plan first = solved(FLEET);
    Plan second = solved(FLEET);
    String a = PlanIo.write(first.withSolver(first.solver().withWallMs(0)), PlanFormat.JSON);
    String b = PlanIo.write(second.withSolver(second.solver().withWallMs(0)), PlanFormat.JSON);
    assertThat(a).isEqualTo(b);
    assertThat(first.deployments()).extracting(d -> d.name()).containsExactly("a", "b");
  }

  @Test
  void planIsNeverDearerThanTheBaseline() {
    Plan plan = solved(FLEET);
    assertThat(plan.baseline().costPerHour()).isPresent();
    assertThat(plan.costPerHour().dollarsPerHour())
        .isLessThanOrEqualTo(plan.baseline().costPerHour().get().dollarsPerHour() + 1e-9);
  }

  @Test
  void tooFewGpusNamesThePoolAndTheNeed() {
    List<SolverProblem> p =
        problems(
            spec(
                pool("h", "h100-sxm-80gb", 2),
                deployment("d", "llama-3.1-8b", 400, "2s", "80ms", ""),
                "minimize-cost",
                ""));
    assertThat(p)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.kind()).isEqualTo(SolverProblem.Kind.INVENTORY);
              assertThat(x.message())
                  .matches("the demand needs \\d+ h100-sxm-80gb GPUs; pool h has 2");
            });
  }

  @Test
  void modelThatFitsNowhereIsAMemoryProblem() {
    List<SolverProblem> p =
        problems(
            spec(
                pool("l", "l4-24gb", 8),
                deployment("d", "deepseek-v3", 1, "10s", "200ms", ""),
                "minimize-cost",
                ""));
    assertThat(p)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.kind()).isEqualTo(SolverProblem.Kind.MEMORY);
              assertThat(x.message()).contains("deepseek-v3").contains("does not fit");
            });
  }

  @Test
  void unreachableTtftReportsTheBestAchievable() {
    List<SolverProblem> p =
        problems(
            spec(
                pool("h", "h100-sxm-80gb", 8),
                deployment("d", "llama-3.1-8b", 1, "20ms", "80ms", ""),
                "minimize-cost",
                ""));
    assertThat(p)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.kind()).isEqualTo(SolverProblem.Kind.LATENCY);
              // Two metrics share the 1% miss budget, so ttft is held at p99.5: the
              // 99.5th-percentile prompt.
              assertThat(x.message())
                  .startsWith("ttft p99 <= 20ms is unreachable for 4765-token prompts")
                  .contains("the best achievable is")
                  .contains("h100-sxm-80gb, tp ");
            });
  }

  @Test
  void budgetBelowTheCheapestPlanIsABudgetProblem() {
    List<SolverProblem> p =
        problems(
            spec(
                pool("h", "h100-sxm-80gb", 8),
                deployment("d", "llama-3.1-8b", 40, "1s", "50ms", ""),
                "minimize-latency",
                "  budget: 1/h\n"));
    assertThat(p)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.kind()).isEqualTo(SolverProblem.Kind.BUDGET);
              assertThat(x.message()).contains("options.budget is $1/h");
            });
  }

  @Test
  void minimizeLatencyBuysTighterLatencyWithBudget() {
    String cheap =
        spec(
            pool("h", "h100-sxm-80gb", 16),
            deployment("d", "llama-3.1-8b", 20, "2s", "100ms", ""),
            "minimize-cost",
            "  disaggregation: never\n");
    String fast = cheap.replace("minimize-cost", "minimize-latency") + "  budget: 200/h\n";
    Plan c = solved(cheap);
    Plan f = solved(fast);
    assertThat(f.costPerHour().dollarsPerHour())
        .isGreaterThanOrEqualTo(c.costPerHour().dollarsPerHour());
    // Latency tiers scale every limit together (docs/solver.md), so what minimize-latency buys is a
    // smaller worst ratio of predicted p99 to limit, not a smaller value of each metric: with SM
    // partitioning the faster plan can trade some TPOT headroom for TTFT.
    assertThat(worstRatio(f)).isLessThanOrEqualTo(worstRatio(c) + 1e-9);
  }

  /** The larger of p99 TTFT / 2 s and p99 TPOT / 100 ms, the limits of the spec above. */
  private static double worstRatio(Plan p) {
    var predicted = p.deployments().get(0).predicted();
    return Math.max(predicted.ttftP99().seconds() / 2.0, predicted.tpotP99().seconds() / 0.1);
  }
}
