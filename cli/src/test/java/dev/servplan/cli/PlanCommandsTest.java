package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** emit, diff, report and explain PLAN through the command line, with their exit codes. */
class PlanCommandsTest {
  static final String DISAGG = "../runtime/src/test/resources/golden/plans/disaggregated.plan.json";
  static final String UNIFIED = "../runtime/src/test/resources/golden/plans/unified.plan.json";

  @Test
  void emitWritesExecutableScripts(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("emit", DISAGG, "--target", "vllm", "-o", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    Path script = dir.resolve("vllm/chat/prefill-0.sh");
    assertThat(Files.readString(script))
        .contains("vllm serve meta-llama/Llama-3.1-70B", "--port 8000");
    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(Files.readString(dir.resolve("vllm/launch-index.tsv")))
        .contains("vllm/chat/decode-0-head.sh");
  }

  @Test
  void emitPrintsWithoutOutputFolder() {
    CliRun run = CliRun.of("emit", UNIFIED, "--target", "k8s");
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("==> k8s/assistant.yaml <==", "kind: Deployment");
  }

  @Test
  void emitRefusesAnUnlaunchablePlanWithExit1(@TempDir Path dir) {
    CliRun run = CliRun.of("emit", DISAGG, "--target", "trtllm", "-o", dir.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(run.err()).contains("spans 2 nodes", "MPI", "nothing was written");
    assertThat(dir.resolve("trtllm")).doesNotExist();
  }

  @Test
  void emitRefusesAPlanThatFailsValidation(@TempDir Path dir) throws Exception {
    // Three prefill instances with placements for only two: the verifier rejects it.
    String text =
        Files.readString(Path.of(DISAGG)).replaceFirst("\"instances\" : 2", "\"instances\" : 3");
    Path broken = dir.resolve("broken.plan.json");
    Files.writeString(broken, text);
    CliRun run =
        CliRun.of(
            "emit", broken.toString(), "--target", "vllm", "-o", dir.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(run.err()).contains("fails validation");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void emitInputErrors() {
    assertThat(CliRun.of("emit", DISAGG, "--target", "tgi").exitCode()).isEqualTo(ExitCode.INPUT);
    CliRun missing = CliRun.of("emit", "no-such-plan.json", "--target", "vllm");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(missing.err()).contains("cannot read plan 'no-such-plan.json'");
  }

  @Test
  void diffGates() {
    CliRun same = CliRun.of("diff", DISAGG, DISAGG, "--fail-on", "any");
    assertThat(same.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(same.out()).contains("no changes");
    CliRun cheaper = CliRun.of("diff", DISAGG, UNIFIED, "--fail-on", "cost-increase");
    assertThat(cheaper.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(cheaper.out()).contains("-$42.33/h");
    CliRun dearer = CliRun.of("diff", UNIFIED, DISAGG, "--fail-on", "cost-increase");
    assertThat(dearer.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(dearer.err()).contains("cost rises by $42.33/h");
    assertThat(CliRun.of("diff", DISAGG, UNIFIED, "--fail-on", "slo-regression").exitCode())
        .isEqualTo(ExitCode.UNSATISFIED);
    CliRun json = CliRun.of("diff", DISAGG, UNIFIED, "--format", "json");
    assertThat(json.out()).contains("\"delta\" : -42.33");
    assertThat(CliRun.of("diff", DISAGG, UNIFIED, "--fail-on", "maybe").exitCode())
        .isEqualTo(ExitCode.INPUT);
  }

  @Test
  void reportWritesHtml(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("r/report.html");
    CliRun run = CliRun.of("report", DISAGG, "-o", html.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(html)).contains("<svg class=\"chart memory\"");
  }

  @Test
  void explainTakesAPlanOrACode() {
    CliRun plan = CliRun.of("explain", DISAGG);
    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ExitCode.OK);
    assertThat(plan.out()).contains("binding constraint: rate", "decode step");
    assertThat(CliRun.of("explain", "E0201").out()).startsWith("E0201");
    assertThat(CliRun.of("explain", "missing.json").exitCode()).isEqualTo(ExitCode.INPUT);
  }

  @Test
  void planCodesAreExplainedLikeSpecCodes() {
    CliRun p = CliRun.of("explain", "p0304");
    assertThat(p.exitCode()).as(p.err()).isEqualTo(ExitCode.OK);
    assertThat(p.out())
        .startsWith("P0304 (error): pool over-subscribed")
        .contains("servplan validate");
    assertThat(CliRun.of("explain", "P9999").exitCode()).isEqualTo(ExitCode.INPUT);
  }
}
