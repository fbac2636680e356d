package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} refuses a spec the plan was not compiled from, and reports means. */
class SimulateSpecHashTest {
  @TempDir Path dir;

  @Test
  void anotherSpecIsRefusedUnlessAskedForAndMeansAreReported() throws Exception {
    Path spec = dir.resolve("chat.yaml");
    Files.copy(Path.of("..", "examples", "chat.yaml"), spec);
    Path plan = dir.resolve("plan.json");
    CliRun compiled = CliRun.of("compile", spec.toString(), "--quiet", "-o", plan.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isZero();

    // The same workload at a lower rate: a what-if the plan was not compiled for.
    Path slower = dir.resolve("slower.yaml");
    Files.writeString(slower, Files.readString(spec).replace("rate: 12/s", "rate: 6/s"));
    CliRun refused =
        CliRun.of("simulate", plan.toString(), "--spec", slower.toString(), "--requests", "300");
    assertThat(refused.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(refused.err())
        .contains("is not the spec this plan was compiled from")
        .contains("--allow-spec-mismatch");

    CliRun whatIf =
        CliRun.of(
            "simulate",
            plan.toString(),
            "--spec",
            slower.toString(),
            "--requests",
            "300",
            "--allow-spec-mismatch",
            "--format",
            "json");
    assertThat(whatIf.exitCode()).as(whatIf.err()).isZero();
    JsonNode ttft =
        new ObjectMapper().readTree(whatIf.out()).get("deployments").get(0).get("ttft_ms");
    // A mean of a right-skewed latency lies between its median and its p99.
    assertThat(ttft.get("mean").asDouble())
        .isGreaterThan(ttft.get("p50").asDouble())
        .isLessThan(ttft.get("p99").asDouble());
  }
}
