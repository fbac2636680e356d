package dev.servplan.solver;

import static dev.servplan.solver.Fixtures.deployment;
import static dev.servplan.solver.Fixtures.pool;
import static dev.servplan.solver.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants every plan must satisfy, and monotonicity of the optimum in the inventory and options.
 */
class PlanPropertiesTest {
  /** One random small spec. */
  record Case(
      String gpu,
      int count,
      String model,
      int rate,
      int ttftMs,
      int tpotMs,
      String disagg,
      int maxTp) {
    String yaml(int poolCount, String disaggregation, int tp) {
      return spec(
          pool("p", gpu, poolCount) + pool("h", "h100-sxm-80gb", 8),
          deployment("d", model, rate, ttftMs + "ms", tpotMs + "ms", ""),
          "minimize-cost",
          "  disaggregation: " + disaggregation + "\n  max_tp: " + tp + "\n");
    }

    String yaml() {
      return yaml(count, disagg, maxTp);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.of("h100-sxm-80gb", "a100-sxm-80gb", "l40s-48gb", "l4-24gb"),
            Arbitraries.integers().between(1, 24),
            Arbitraries.of("llama-3.1-8b", "mixtral-8x7b"),
            Arbitraries.integers().between(1, 40),
            Arbitraries.of(300, 800, 2000),
            Arbitraries.of(25, 50, 100),
            Arbitraries.of("auto", "never"),
            Arbitraries.of(2, 4, 8))
        .as(Case::new);
  }

  private static double cost(SolveResult r) {
    return r instanceof SolveResult.Solved s
        ? s.plan().costPerHour().dollarsPerHour()
        : Double.POSITIVE_INFINITY;
  }

  @Property(tries = 12)
  void plansRespectMemoryInventoryDivisibilityAndPlacement(@ForAll("cases") Case c) {
    SolveResult r = Fixtures.solve(c.yaml(), SolverConfig.Search.ILP);
    if (!(r instanceof SolveResult.Solved s)) {
      assertThat(((SolveResult.Infeasible) r).problems()).isNotEmpty();
      return;
    }
    Plan plan = s.plan();
    ModelArch m = Catalogs.models().find(c.model()).orElseThrow();
    for (PlanDeployment d : plan.deployments()) {
      assertThat(d.predicted().requestsPerS().perSecond()).isGreaterThanOrEqualTo(c.rate() - 1e-3);
      for (Group g : d.groups()) {
        assertThat(g.memoryPerGpu().total().bytes())
            .isLessThanOrEqualTo(g.memoryPerGpu().capacity().bytes());
        assertThat(m.heads() % g.tp()).isZero();
        assertThat(m.layers() % g.pp()).isZero();
        assertThat(g.tp()).isLessThanOrEqualTo(c.maxTp());
        if (g.ep() > 1) {
          assertThat(m.experts() % g.ep()).isZero();
        }
        assertThat(g.placement()).hasSize(g.instances());
        for (Placement p : g.placement()) {
          assertThat(p.stages()).hasSize(g.pp());
          p.stages().forEach(st -> assertThat(st.gpus()).hasSize(g.tp()));
        }
      }
    }
    for (PoolUsage u : plan.inventory()) {
      assertThat(u.usedGpus()).isLessThanOrEqualTo(u.availableGpus());
      // No GPU is handed out twice, and every index lies within its node.
      Set<String> seen = new HashSet<>();
      for (PlanDeployment d : plan.deployments()) {
        for (Group g : d.groups()) {
          if (!g.pool().equals(u.pool())) {
            continue;
          }
          for (Placement p : g.placement()) {
            for (Placement.Stage st : p.stages()) {
              for (int gpu : st.gpus()) {
                assertThat(seen.add(st.node() + "/" + gpu)).isTrue();
              }
            }
          }
        }
      }
      assertThat(seen).hasSize(u.usedGpus());
    }
  }

  @Property(tries = 8)
  void removingGpusOrOptionsNeverLowersTheOptimum(@ForAll("cases") Case c) {
    double full = cost(Fixtures.solve(c.yaml(), SolverConfig.Search.ILP));
    double fewer =
        cost(
            Fixtures.solve(
                c.yaml(Math.max(1, c.count() / 2), c.disagg(), c.maxTp()),
                SolverConfig.Search.ILP));
    double noDisagg =
        cost(Fixtures.solve(c.yaml(c.count(), "never", c.maxTp()), SolverConfig.Search.ILP));
    double smallerTp =
        cost(Fixtures.solve(c.yaml(c.count(), c.disagg(), 1), SolverConfig.Search.ILP));
    assertThat(fewer).isGreaterThanOrEqualTo(full - 1e-9);
    assertThat(noDisagg).isGreaterThanOrEqualTo(full - 1e-9);
    assertThat(smallerTp).isGreaterThanOrEqualTo(full - 1e-9);
  }
}
