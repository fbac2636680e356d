package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code servplan report --simulate} on a compiled example, and its argument errors. */
class ReportCommandTest {
  private static final String CHAT = "../examples/chat.yaml";

  private static Path compile(Path dir) {
    Path plan = dir.resolve("chat.json");
    CliRun compiled = CliRun.of("compile", CHAT, "--quiet", "-o", plan.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isZero();
    return plan;
  }

  @Test
  void simulateAddsCdfAndTimelineChartsAndIsStableForASeed(@TempDir Path dir) throws Exception {
    Path plan = compile(dir);
    Path a = dir.resolve("a.html");
    Path b = dir.resolve("b.html");
    for (Path out : new Path[] {a, b}) {
      CliRun run =
          CliRun.of(
              "report",
              plan.toString(),
              "--spec",
              CHAT,
              "--simulate",
              "--requests",
              "300",
              "--seed",
              "5",
              "-o",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }
    String html = Files.readString(a);
    assertThat(html)
        .contains(
            "<svg class=\"chart cdf\"",
            "<svg class=\"chart timeline\"",
            "<h2>Simulation",
            "300 requests per deployment, seed 5");
    assertThat(html.split("<path class=\"series ", -1))
        .hasSize(3 * (html.split("<svg class=\"chart cdf\"", -1).length - 1) + 1);
    assertThat(Files.readString(b)).isEqualTo(html);
  }

  @Test
  void withoutSimulateThereAreNoSimulationCharts(@TempDir Path dir) throws Exception {
    Path plan = compile(dir);
    Path out = dir.resolve("r.html");
    CliRun run = CliRun.of("report", plan.toString(), "--spec", CHAT, "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(out)).doesNotContain("chart cdf").contains("hash matches");
  }

  @Test
  void simulateNeedsASpec(@TempDir Path dir) {
    Path out = dir.resolve("r.html");
    CliRun run = CliRun.of("report", PlanCommandsTest.DISAGG, "--simulate", "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(run.err()).contains("--simulate needs --spec");
    assertThat(out).doesNotExist();
  }

  @Test
  void simulationOptionsNeedSimulateAndValidValues(@TempDir Path dir) {
    Path out = dir.resolve("r.html");
    CliRun seedOnly =
        CliRun.of("report", PlanCommandsTest.DISAGG, "--seed", "3", "-o", out.toString());
    assertThat(seedOnly.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(seedOnly.err()).contains("add --simulate");
    CliRun zero =
        CliRun.of(
            "report",
            PlanCommandsTest.DISAGG,
            "--spec",
            CHAT,
            "--simulate",
            "--requests",
            "0",
            "-o",
            out.toString());
    assertThat(zero.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(zero.err()).contains("requests must be >= 1");
    assertThat(out).doesNotExist();
  }
}
