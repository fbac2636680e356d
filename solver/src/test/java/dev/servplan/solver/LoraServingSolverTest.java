package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.solver.technique.lora.LoraChoices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Multi-LoRA serving in the solver: adapters are multiplexed on shared instances with every adapter
 * resident, their slots cost KV memory and their kernels cost iteration time.
 */
class LoraServingSolverTest {
  static final Path EXAMPLE = Path.of("..", "examples", "multi-lora.yaml");
  static final CostModel COST = AnalyticalCostModel.calibrated();
  static final String ADAPTERS =
      "    adapters:\n"
          + "      - {name: tenant, count: 50, rank: 16, share: 70%, source: acme/support-lora-tenant}\n"
          + "      - {name: lang, count: 2, rank: 64, share: 20%, source: acme/support-lora-lang}\n";

  static Plan solve(String yaml) {
    SolveResult r =
        DefaultSolver.analytical()
            .solve(
                Specs.valid(yaml),
                SpecRef.of("x", yaml),
                new SolverConfig(Duration.ofSeconds(10), 0, 1, SolverConfig.Search.ILP));
    assertThat(r).as("%s", r).isInstanceOf(SolveResult.Solved.class);
    return ((SolveResult.Solved) r).plan();
  }

  static String example() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    assertThat(yaml).contains(ADAPTERS);
    return yaml;
  }

  @Test
  void exampleServesEveryAdapterOnSharedInstances() throws Exception {
    Plan plan = solve(example());
    Plan base = solve(example().replace(ADAPTERS, ""));
    double cost = plan.costPerHour().dollarsPerHour();
    for (Group g : plan.deployments().get(0).groups()) {
      assertThat(LoraPlan.of(g)).as("%s", g).isPresent();
      assertThat(LoraPlan.of(g).get().maxLoras()).isEqualTo(52);
      assertThat(LoraPlan.of(g).get().maxRank()).isEqualTo(64);
      assertThat(LoraPlan.of(g).get().adapters()).hasSize(2);
      assertThat(LoraPlan.of(g).get().adapters().get(0).source())
          .contains("acme/support-lora-tenant");
    }
    for (Group g : base.deployments().get(0).groups()) {
      assertThat(LoraPlan.of(g)).isEmpty();
    }
    // Multiplexing costs capacity (slots out of the KV cache, LoRA kernels) but never more than a
    // merged copy per adapter, which needs at least one GPU for each of the 52 adapters.
    assertThat(cost).isGreaterThanOrEqualTo(base.costPerHour().dollarsPerHour());
    assertThat(cost).isLessThan(52 * 2.49);
    double rate = plan.deployments().get(0).groups().get(0).ratePerInstance().perSecond();
    Group same =
        base.deployments().get(0).groups().stream()
            .filter(g -> g.tp() == plan.deployments().get(0).groups().get(0).tp())
            .findFirst()
            .orElse(null);
    if (same != null) {
      assertThat(rate).isLessThan(same.ratePerInstance().perSecond());
    }
  }

  @Test
  void alwaysMatchesAutoWhenAdaptersAreDeclared() throws Exception {
    Plan auto = solve(example());
    Plan always = solve(example().replace("lora: auto", "lora: always"));
    assertThat(always.costPerHour()).isEqualTo(auto.costPerHour());
    assertThat(always.deployments().get(0).groups()).allMatch(g -> LoraPlan.of(g).isPresent());
  }

  static QueueModel model(ValidIr ir, Optional<LoraServing> lora, InstanceConfig config) {
    ResolvedDeployment d = ir.deployments().get(0);
    InstanceTerm[] terms = lora.map(l -> new InstanceTerm[] {l}).orElse(new InstanceTerm[0]);
    long kv =
        InstanceModel.of(COST, config, MemoryOptions.DEFAULT, List.of(terms))
            .memory()
            .maxKvTokens();
    return Fixtures.queue(COST, config, Role.UNIFIED, new Demand(d, false), 256, 2048, kv, terms);
  }

  @Test
  void moreDistinctAdaptersCostMoreIterationTime() throws Exception {
    ValidIr many = Specs.valid(example());
    ValidIr one =
        Specs.valid(
            example()
                .replace(
                    ADAPTERS,
                    "    adapters:\n      - {name: solo, count: 1, rank: 64, share: 90%}\n"));
    ResolvedDeployment d = many.deployments().get(0);
    InstanceConfig tp1 =
        CandidateEnumerator.configs(d, d.pools().get(0), many.spec().options()).stream()
            .filter(c -> c.tp() == 1)
            .findFirst()
            .orElseThrow();
    Optional<LoraServing> manyLora = LoraChoices.serving(d, many.spec().options());
    Optional<LoraServing> oneLora =
        LoraChoices.serving(one.deployments().get(0), one.spec().options());
    double none = model(many, Optional.empty(), tp1).iteration(128, 0);
    double single = model(one, oneLora, tp1).iteration(128, 0);
    double fifty = model(many, manyLora, tp1).iteration(128, 0);
    // One adapter is read once per step; ~40 distinct adapters in 128 sequences are read 40 times.
    assertThat(single).isGreaterThan(none);
    assertThat(fifty).isGreaterThan(single + 30 * (single - none) / 2);
    assertThat(model(many, manyLora, tp1).capacity(1.0))
        .isLessThan(model(many, Optional.empty(), tp1).capacity(1.0));
  }

  @Test
  void adaptersThatDoNotFitLeaveNoPlan() throws Exception {
    // 2,000 resident rank-256 adapters of an 8B model need 2.7 TB: no instance holds them.
    String yaml =
        example()
            .replace(
                ADAPTERS, "    adapters:\n      - {name: t, count: 2000, rank: 256, share: 90%}\n");
    SolveResult r =
        DefaultSolver.analytical()
            .solve(
                Specs.valid(yaml),
                SpecRef.of("x", yaml),
                new SolverConfig(Duration.ofSeconds(10), 0, 1, SolverConfig.Search.ILP));
    assertThat(r).isInstanceOf(SolveResult.Infeasible.class);
    // Reported as memory (E0401), with the adapter slots named in the note.
    var problems = ((SolveResult.Infeasible) r).problems();
    assertThat(problems).anyMatch(p -> p.kind() == SolverProblem.Kind.MEMORY);
  }

  @Test
  void noAdaptersNoLora() throws Exception {
    ValidIr ir = Specs.valid(example().replace(ADAPTERS, ""));
    assertThat(LoraChoices.serving(ir.deployments().get(0), ir.spec().options())).isEmpty();
  }

  static String singleTenant(String rate) throws Exception {
    return example()
        .replace("rate: 20/s", "rate: " + rate)
        .replace(
            ADAPTERS,
            "    adapters:\n"
                + "      - {name: legal, count: 1, rank: 16, share: 100%, source: acme/legal-lora}\n");
  }

  static boolean merged(Plan plan) {
    return plan.deployments().get(0).groups().stream()
        .allMatch(g -> LoraPlan.of(g).isPresent() && LoraPlan.of(g).get().merged());
  }

  @Test
  void oneAdapterWithAllTheTrafficAtHighRateIsServedMerged() throws Exception {
    // Multiplexing loses here: the LoRA kernels slow every step while a merged copy of the model
    // (the adapter folded into the weights) runs at the base model's speed.
    Plan auto = solve(singleTenant("150/s"));
    Plan always = solve(singleTenant("150/s").replace("lora: auto", "lora: always"));
    Plan never = solve(singleTenant("150/s").replace("lora: auto", "lora: never"));
    assertThat(merged(auto)).isTrue();
    assertThat(merged(never)).isTrue();
    assertThat(always.deployments().get(0).groups())
        .allMatch(g -> LoraPlan.of(g).isPresent() && !LoraPlan.of(g).get().merged());
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(always.costPerHour().dollarsPerHour());
    assertThat(auto.costPerHour()).isEqualTo(never.costPerHour());
    // A merged group holds no adapter slots: its weights are the base model's.
    Plan base =
        solve(
            singleTenant("150/s")
                .replace("    adapters:\n", "")
                .replaceAll("      - \\{name: legal.*\\n", ""));
    assertThat(auto.costPerHour()).isEqualTo(base.costPerHour());
  }

  @Test
  void manyAdaptersAreNeverMerged() throws Exception {
    ValidIr ir = Specs.valid(example());
    assertThat(LoraChoices.mergeable(ir.deployments().get(0))).isFalse();
    assertThat(LoraChoices.mergedChoices(ir.deployments().get(0), ir.spec().options()))
        .containsExactly(false);
  }
}
