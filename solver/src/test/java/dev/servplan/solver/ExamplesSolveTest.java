package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.hwdb.unit.Duration;
import org.junit.jupiter.api.Test;

class ExamplesSolveTest {
  static SolveResult solve(String text) throws Exception {
    return DefaultSolver.analytical()
        .solve(
            Specs.valid(text),
            SpecRef.of("x", text),
            new SolverConfig(Duration.ofSeconds(10), 0, 1, SolverConfig.Search.ILP));
  }

  @Test
  void chatExampleSolves() throws Exception {
    SolveResult r =
        solve(
            Specs.single(
                "h100-sxm-80gb",
                16,
                "llama-3.1-8b",
                12,
                "      ttft: {p99: 500ms}\n      tpot: {p99: 40ms}\n      attainment: 99%\n",
                ""));
    if (System.getProperty("show") != null) {
      System.out.println(
          r instanceof SolveResult.Solved s
              ? PlanIo.write(s.plan(), PlanFormat.YAML)
              : r.toString());
    }
    assertThat(r).isInstanceOf(SolveResult.Solved.class);
    Plan plan = ((SolveResult.Solved) r).plan();
    assertThat(plan.deployments()).hasSize(1);
    assertThat(plan.deployments().get(0).predicted().requestsPerS().perSecond())
        .isGreaterThanOrEqualTo(12);
  }
}
