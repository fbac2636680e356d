package dev.servplan.solver;

import static dev.servplan.solver.Fixtures.deployment;
import static dev.servplan.solver.Fixtures.pool;
import static dev.servplan.solver.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExhaustiveMatchesIlpTest {
  static Stream<Arguments> specs() {
    return Stream.of(
        Arguments.of(
            "one pool, unified only",
            spec(
                pool("h", "h100-sxm-80gb", 16),
                deployment("chat", "llama-3.1-8b", 25, "800ms", "40ms", ""),
                "minimize-cost",
                "  disaggregation: never\n")),
        Arguments.of(
            "one pool, disaggregation allowed",
            spec(
                pool("h", "h100-sxm-80gb", 8),
                deployment("chat", "llama-3.1-8b", 60, "1s", "50ms", ""),
                "minimize-cost",
                "")),
        Arguments.of(
            "two pools, two deployments sharing them",
            spec(
                pool("h", "h100-sxm-80gb", 4) + pool("l", "l40s-48gb", 8),
                deployment("a", "llama-3.1-8b", 20, "1s", "60ms", "")
                    + deployment("b", "llama-3.1-8b", 10, "2s", "80ms", ""),
                "minimize-cost",
                "  disaggregation: never\n")),
        Arguments.of(
            "scarce inventory forces the pricier pool",
            spec(
                pool("h", "h100-sxm-80gb", 2) + pool("a", "a100-sxm-80gb", 2),
                deployment("chat", "llama-3.1-8b", 30, "1s", "50ms", ""),
                "minimize-cost",
                "  disaggregation: never\n")),
        Arguments.of(
            "maximize goodput",
            spec(
                pool("h", "h100-sxm-80gb", 4),
                deployment("chat", "llama-3.1-8b", 10, "1s", "50ms", ""),
                "maximize-goodput",
                "  disaggregation: never\n")),
        Arguments.of(
            "minimize latency within a budget",
            spec(
                pool("h", "h100-sxm-80gb", 4),
                deployment("chat", "llama-3.1-8b", 10, "1s", "50ms", ""),
                "minimize-latency",
                "  disaggregation: never\n  budget: 15/h\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void sameOptimum(String name, String yaml) {
    SolveResult ilp = Fixtures.solve(yaml, SolverConfig.Search.ILP);
    SolveResult exhaustive = Fixtures.solve(yaml, SolverConfig.Search.EXHAUSTIVE);
    assertThat(ilp).as(ilp.toString()).isInstanceOf(SolveResult.Solved.class);
    assertThat(exhaustive).as(exhaustive.toString()).isInstanceOf(SolveResult.Solved.class);
    Plan a = ((SolveResult.Solved) ilp).plan();
    Plan b = ((SolveResult.Solved) exhaustive).plan();
    assertThat(a.solver().status().id()).isEqualTo("OPTIMAL");
    assertThat(a.costPerHour().dollarsPerHour())
        .isCloseTo(b.costPerHour().dollarsPerHour(), org.assertj.core.data.Offset.offset(1e-6));
    for (int d = 0; d < a.deployments().size(); d++) {
      // The same goodput too: capacity is what maximize-goodput optimizes first.
      if (a.objective().id().equals("maximize-goodput")) {
        assertThat(a.deployments().get(d).predicted().requestsPerS().perSecond())
            .isCloseTo(
                b.deployments().get(d).predicted().requestsPerS().perSecond(),
                org.assertj.core.data.Offset.offset(1e-3));
      }
    }
    assertThat(b.solver().backend()).isEqualTo("exhaustive");
  }
}
