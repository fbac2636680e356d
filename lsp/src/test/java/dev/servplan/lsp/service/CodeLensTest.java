package dev.servplan.lsp.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cost code lenses: solved in the background, for the current text only. */
class CodeLensTest {
  /** Long enough that CP-SAT proves these small specs optimal on a loaded machine. */
  private static final Duration LIMIT = Duration.ofSeconds(20);

  static final String TWO_DEPLOYMENTS =
      String.join(
          "\n",
          "spec lens-test",
          "pool l4 { gpu l4-24gb x 8; gpus_per_node 4; price 0.71/h }",
          "deployment assistant {",
          "  model llama-3.1-8b",
          "  pools l4",
          "  workload { rate 2/s; input 500; output 100 }",
          "  slo { ttft p99 <= 2s }",
          "}",
          "deployment helper {",
          "  model llama-3.1-8b",
          "  pools l4",
          "  workload { rate 1/s; input 300; output 50 }",
          "  slo { ttft p99 <= 2s }",
          "}",
          "");

  /** A 405B model cannot fit on two 24 GB GPUs at any precision or parallelism. */
  static final String TOO_BIG =
      String.join(
          "\n",
          "spec too-big",
          "pool l4 { gpu l4-24gb x 2 }",
          "deployment huge {",
          "  model llama-3.1-405b",
          "  pools l4",
          "  workload { rate 1/s; input 500; output 100 }",
          "  slo { ttft p99 <= 2s }",
          "}",
          "");

  private final LinkedBlockingQueue<String> landed = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
  private final CostLenses lenses =
      new CostLenses(
          LIMIT,
          new CostLenses.Listener() {
            @Override
            public void landed(String uri, int version) {
              landed.add(uri + "@" + version);
            }

            @Override
            public void failed(String uri, Throwable error) {
              failures.add(error);
            }
          });

  @AfterEach
  void stop() {
    lenses.shutdown();
    assertThat(failures).isEmpty();
  }

  private static List<String> titles(List<CodeLens> found) {
    return found.stream().map(l -> l.getCommand().getTitle()).toList();
  }

  /**
   * Waits (bounded) for the next result to land, asserts it is this exact version's, returns the
   * lenses.
   */
  private List<CodeLens> awaitResult(Document doc) throws InterruptedException {
    assertThat(landed.poll(60, TimeUnit.SECONDS)).isEqualTo(doc.uri() + "@" + doc.version());
    return lenses.lenses(doc);
  }

  private static Plan reference(Document doc) {
    ValidIr valid = doc.compilation().valid().orElseThrow();
    SolveResult r =
        DefaultSolver.analytical()
            .solve(
                valid,
                SpecRef.of(valid.spec().name(), doc.text()),
                SolverConfig.of(LIMIT, 0, 1, SolverConfig.Search.ILP).config().orElseThrow());
    return ((SolveResult.Solved) r).plan();
  }

  private static int line(Document doc, String needle) {
    return Specs.at(doc, needle).getLine();
  }

  @Test
  @Timeout(120)
  void aValidSpecGetsThePlanCostAtTheTopAndEachDeploymentsShareOnItsName() throws Exception {
    Document doc = Specs.dsl(TWO_DEPLOYMENTS);
    assertThat(titles(lenses.lenses(doc)))
        .containsExactly(PlanLenses.SOLVING, PlanLenses.SOLVING, PlanLenses.SOLVING);
    lenses.solveLater(doc);
    List<CodeLens> found = awaitResult(doc);

    Plan plan = reference(doc);
    assertThat(plan.solver().status().name()).isEqualTo("OPTIMAL");
    var assistant =
        plan.deployments().stream()
            .filter(d -> d.name().equals("assistant"))
            .findFirst()
            .orElseThrow();
    var helper =
        plan.deployments().stream()
            .filter(d -> d.name().equals("helper"))
            .findFirst()
            .orElseThrow();
    assertThat(found).hasSize(3);
    assertThat(found.get(0).getRange())
        .isEqualTo(new Range(new Position(0, 0), new Position(0, 0)));
    assertThat(found.get(0).getCommand().getTitle())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "compile: $%.2f/h, %d GPUs for the whole plan",
                plan.costPerHour().dollarsPerHour(),
                plan.totalGpus()));
    // "deployment assistant {" is line 2: the lens sits on the name.
    assertThat(found.get(1).getRange())
        .isEqualTo(new Range(new Position(2, 11), new Position(2, 20)));
    assertThat(found.get(1).getCommand().getTitle())
        .isEqualTo(
            "compile: "
                + PlanLenses.cost(PlanLenses.deploymentCost(assistant), assistant.totalGpus()));
    assertThat(found.get(2).getRange().getStart().getLine())
        .isEqualTo(line(doc, "deployment helper"));
    assertThat(found.get(2).getCommand().getTitle())
        .isEqualTo(
            "compile: " + PlanLenses.cost(PlanLenses.deploymentCost(helper), helper.totalGpus()));
    // An 8B model at these rates fits one 24 GB L4: one GPU each at the pool's $0.71/h.
    assertThat(titles(found).subList(1, 3))
        .containsExactly("compile: $0.71/h, 1 GPU", "compile: $0.71/h, 1 GPU");
    assertThat(found.get(0).getCommand().getTitle()).startsWith("compile: $1.42/h, 2 GPUs");
    assertThat(found.get(0).getCommand().getCommand()).isEmpty();
  }

  @Test
  @Timeout(120)
  void yamlLensesSitOnTheDeploymentNameValue() throws Exception {
    Document doc = Specs.yaml(Specs.YAML);
    lenses.solveLater(doc);
    List<CodeLens> found = awaitResult(doc);
    Plan plan = reference(doc);
    assertThat(titles(found)).hasSize(2);
    assertThat(found.get(0).getCommand().getTitle())
        .startsWith("compile: " + PlanLenses.cost(plan.costPerHour(), plan.totalGpus()));
    // "  - name: chat" is line 8; the value starts at character 10.
    assertThat(found.get(1).getRange().getStart()).isEqualTo(new Position(8, 10));
    assertThat(found.get(1).getCommand().getTitle())
        .isEqualTo("compile: " + PlanLenses.cost(plan.costPerHour(), plan.totalGpus()));
  }

  @Test
  @Timeout(120)
  void anInfeasibleSpecSaysSoWithTheFirstProblemKind() throws Exception {
    Document doc = Specs.dsl(TOO_BIG);
    assertThat(doc.compilation().ok()).isTrue();
    lenses.solveLater(doc);
    List<CodeLens> found = awaitResult(doc);
    // The 405B model's weights fit the L4 node's NVMe tier (engine: any), so what fails first is
    // the 2 s TTFT of streaming them in every forward pass.
    assertThat(titles(found))
        .containsExactly(
            "compile: no feasible plan (latency)", "compile: no feasible plan (latency)");
    assertThat(found.get(1).getRange().getStart()).isEqualTo(new Position(2, 11));
  }

  @Test
  @Timeout(120)
  void anEditNeverShowsThePreviousVersionsNumbers() throws Exception {
    Document v1 = Specs.dsl(TWO_DEPLOYMENTS);
    lenses.solveLater(v1);
    List<CodeLens> first = awaitResult(v1);
    assertThat(titles(first)).contains("compile: $0.71/h, 1 GPU");

    // Version 2 raises the price: until its own solve lands, the lens says solving, not $0.71.
    Document v2 = v1.withText(2, TWO_DEPLOYMENTS.replace("price 0.71/h", "price 1.50/h"));
    assertThat(titles(lenses.lenses(v2))).containsOnly(PlanLenses.SOLVING);
    lenses.solveLater(v2);
    assertThat(titles(awaitResult(v2)))
        .contains("compile: $1.50/h, 1 GPU")
        .doesNotContain("compile: $0.71/h, 1 GPU");
    // The older version is no longer answered from the newer result either.
    assertThat(titles(lenses.lenses(v1))).containsOnly(PlanLenses.SOLVING);
  }

  @Test
  @Timeout(120)
  void aSolveQueuedForAnOutdatedVersionIsSkippedAndOnlyTheLatestLands() throws Exception {
    Document v1 = Specs.dsl(TWO_DEPLOYMENTS);
    Document v2 = v1.withText(2, TWO_DEPLOYMENTS.replace("price 0.71/h", "price 0.90/h"));
    Document v3 = v1.withText(3, TWO_DEPLOYMENTS.replace("price 0.71/h", "price 1.10/h"));
    lenses.solveLater(v1);
    lenses.solveLater(v2);
    lenses.solveLater(v3);
    assertThat(titles(awaitResult(v3))).contains("compile: $1.10/h, 1 GPU");
    // v1 may have started before v2 arrived, but the first (and only) result published is v3's.
    assertThat(landed).isEmpty();
  }

  @Test
  void aSpecWithErrorsHasNoLenses() {
    Document doc = Specs.dsl(TWO_DEPLOYMENTS.replace("l4-24gb", "l4-24g"));
    assertThat(lenses.lenses(doc)).isEmpty();
  }

  @Test
  @Timeout(120)
  void aClosedDocumentForgetsItsResult() throws Exception {
    Document doc = Specs.dsl(TWO_DEPLOYMENTS);
    lenses.solveLater(doc);
    awaitResult(doc);
    lenses.forget(doc.uri());
    assertThat(titles(lenses.lenses(doc))).containsOnly(PlanLenses.SOLVING);
  }

  @Test
  @Timeout(60)
  void aSolverCrashShowsAFailedLensAndIsReported() throws Exception {
    LinkedBlockingQueue<Throwable> crashes = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
    CostLenses crashing =
        new CostLenses(
            LIMIT,
            new CostLenses.Listener() {
              @Override
              public void landed(String uri, int version) {
                done.add(uri);
              }

              @Override
              public void failed(String uri, Throwable error) {
                crashes.add(error);
              }
            },
            () ->
                (ir, spec, config) -> {
                  throw new IllegalStateException("boom");
                });
    try {
      Document doc = Specs.dsl(TWO_DEPLOYMENTS);
      crashing.solveLater(doc);
      assertThat(done.poll(60, TimeUnit.SECONDS)).isEqualTo(doc.uri());
      assertThat(crashes.poll()).hasMessage("boom");
      assertThat(titles(crashing.lenses(doc)))
          .containsExactly("compile: the solver failed; see the servplan output log");
    } finally {
      crashing.shutdown();
    }
  }

  @Test
  @Timeout(60)
  void runningOutOfTheEditorsTimeLimitIsNotCalledInfeasible() throws Exception {
    LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
    CostLenses timingOut =
        new CostLenses(
            Duration.ofSeconds(2),
            new CostLenses.Listener() {
              @Override
              public void landed(String uri, int version) {
                done.add(uri);
              }

              @Override
              public void failed(String uri, Throwable error) {
                throw new AssertionError(error);
              }
            },
            () ->
                (ir, spec, config) ->
                    new SolveResult.Infeasible(
                        List.of(
                            new dev.servplan.solver.SolverProblem(
                                dev.servplan.solver.SolverProblem.Kind.TIME_LIMIT,
                                ir.spec().span(),
                                "no plan found within the time limit of " + config.timeLimit(),
                                "raise --time-limit")),
                        List.of()));
    try {
      Document doc = Specs.dsl(TWO_DEPLOYMENTS);
      timingOut.solveLater(doc);
      assertThat(done.poll(60, TimeUnit.SECONDS)).isEqualTo(doc.uri());
      assertThat(titles(timingOut.lenses(doc)))
          .containsExactly(
              "compile: no plan found within 2s (time-limit); run servplan compile for the full time limit");
    } finally {
      timingOut.shutdown();
    }
  }
}
