package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.compiler.technique.speculative.SpeculativeSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.speculative.SpeculativeChoices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The queueing model's speculative decode step: a TPOT gain at small batch that fades at large
 * batch.
 */
class SpeculativeDecodingTest {
  static final Path EXAMPLE = Path.of("..", "examples", "speculative-chat.yaml");
  static final CostModel COST = AnalyticalCostModel.calibrated();

  static ValidIr ir(String yaml) {
    return Specs.valid(yaml);
  }

  static InstanceConfig tp(ValidIr ir, int tp) {
    ResolvedDeployment d = ir.deployments().get(0);
    Options options = ir.spec().options();
    return CandidateEnumerator.configs(d, d.pools().get(0), options).stream()
        .filter(c -> c.tp() == tp && c.pp() == 1)
        .findFirst()
        .orElseThrow();
  }

  /** Per-token decode time at batch b on a decode instance, with or without the draft. */
  static double perToken(ValidIr ir, InstanceConfig config, boolean speculate, int b) {
    ResolvedDeployment d = ir.deployments().get(0);
    Optional<SpeculativeStep> step =
        speculate ? SpeculativeChoices.step(d, config) : Optional.empty();
    assertThat(step.isPresent()).isEqualTo(speculate);
    QueueModel m =
        Fixtures.queue(
            COST,
            config,
            Role.DECODE,
            new Demand(d, false),
            1024,
            1024,
            10_000_000,
            step.map(st -> new InstanceTerm[] {st}).orElse(new InstanceTerm[0]));
    return m.iteration(b, 0) / m.tokensPerStep();
  }

  @Test
  void speculationCutsPerTokenTimeAtSmallBatchAndLosesAtLargeBatch() throws Exception {
    ValidIr ir = ir(Files.readString(EXAMPLE));
    InstanceConfig tp4 = tp(ir, 4);
    assertThat(perToken(ir, tp4, true, 1)).isLessThan(0.7 * perToken(ir, tp4, false, 1));
    // At 256 sequences the verify pass of 5 tokens each is compute-bound: speculation is slower.
    assertThat(perToken(ir, tp4, true, 256)).isGreaterThan(perToken(ir, tp4, false, 256));
  }

  @Test
  void lowAcceptanceDoesNotPay() throws Exception {
    ValidIr ir = ir(Files.readString(EXAMPLE).replace("acceptance: 75%", "acceptance: 20%"));
    InstanceConfig tp4 = tp(ir, 4);
    assertThat(perToken(ir, tp4, true, 1)).isGreaterThan(perToken(ir, tp4, false, 1));
  }

  @Test
  void theDraftTakesKvCapacity() throws Exception {
    ValidIr ir = ir(Files.readString(EXAMPLE));
    ResolvedDeployment d = ir.deployments().get(0);
    InstanceConfig tp4 = tp(ir, 4);
    SpeculativeStep step = SpeculativeChoices.step(d, tp4).orElseThrow();
    var mem = COST.memory(tp4);
    var draftMem = COST.memory(step.draft());
    long with = SpeculativeStep.withDraft(mem, draftMem).maxKvTokens();
    assertThat(with).isPositive().isLessThan(mem.maxKvTokens());
    // The draft's weights and its KV per token both come out of the target's KV budget.
    double expected =
        (mem.kvCapacity().bytes() - draftMem.weights().bytes())
            / (mem.kvBytesPerToken() + draftMem.kvBytesPerToken());
    assertThat((double) with).isBetween(expected - mem.pageTokens(), expected);
  }

  @Test
  void noDraftNoSpeculativeChoice() throws Exception {
    ValidIr ir =
        ir(
            Files.readString(EXAMPLE)
                .replace(
                    "    speculative: {draft: llama-3.2-1b, acceptance: 75%, tokens: 4}\n", ""));
    ResolvedDeployment d = ir.deployments().get(0);
    assertThat(SpeculativeSpec.draft(d)).isEmpty();
    Draft draft = Fixtures.draft(ir, tp(ir, 4), Role.UNIFIED, ir.spec().options());
    assertThat(new SpeculativeChoices().choices(draft)).containsExactly(draft);
  }

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

  static boolean anySpeculating(Plan plan) {
    return plan.deployments().stream()
        .flatMap(d -> d.groups().stream())
        .anyMatch(g -> Speculation.of(g).isPresent());
  }

  static String option(String yaml, String value) {
    return yaml.replace("speculative_decoding: auto", "speculative_decoding: " + value);
  }

  @Test
  void exampleSpeculatesAndItLowersCost() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    Plan auto = solve(yaml);
    Plan never = solve(option(yaml, "never"));
    assertThat(anySpeculating(auto)).isTrue();
    assertThat(anySpeculating(never)).isFalse();
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
    Group g =
        auto.deployments().get(0).groups().stream()
            .filter(x -> Speculation.of(x).isPresent())
            .findFirst()
            .orElseThrow();
    assertThat(Speculation.of(g).get().draft()).isEqualTo("llama-3.2-1b");
    assertThat(Speculation.of(g).get().tokens()).isEqualTo(4);
    assertThat(Speculation.of(g).get().acceptance()).isEqualTo(0.75);
    // The draft's weights are part of the group's memory.
    assertThat(g.memoryPerGpu().weights().bytes())
        .isGreaterThan(
            never.deployments().get(0).groups().get(0).memoryPerGpu().weights().bytes()
                * g.tp()
                / never.deployments().get(0).groups().get(0).tp());
  }

  @Test
  void alwaysSpeculatesOnEveryDecodingGroup() throws Exception {
    Plan always = solve(option(Files.readString(EXAMPLE), "always"));
    for (var d : always.deployments()) {
      for (Group g : d.groups()) {
        assertThat(Speculation.of(g).isPresent()).as("%s", g).isEqualTo(g.role() != Role.PREFILL);
      }
    }
  }

  @Test
  void highRateLargeBatchesDoNotSpeculate() throws Exception {
    // Many requests and a loose per-token target: instances run large batches, where the verify
    // pass of k+1 tokens per sequence is compute-bound and the draft only adds work.
    String yaml =
        Files.readString(EXAMPLE)
            .replace("rate: 0.5/s", "rate: 60/s")
            .replace("tpot: {p99: 12ms}", "tpot: {p99: 80ms}")
            .replace("count: 16", "count: 64");
    assertThat(anySpeculating(solve(yaml))).isFalse();
  }

  @Test
  void lowAcceptanceIsNotPicked() throws Exception {
    String yaml = Files.readString(EXAMPLE).replace("acceptance: 75%", "acceptance: 20%");
    assertThat(anySpeculating(solve(yaml))).isFalse();
  }
}
