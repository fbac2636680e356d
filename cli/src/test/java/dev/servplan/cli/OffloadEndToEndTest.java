package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offload example through every command: the plan field, validation (memory with offload), the
 * simulator paying the transfer in every iteration, explain, and the engines' flags or refusal.
 */
class OffloadEndToEndTest {
  static final String EXAMPLE = Path.of("..", "examples", "offload-batch.yaml").toString();
  @TempDir static Path dir;
  static Path plan;
  static double gib;

  @BeforeAll
  static void compile() throws Exception {
    plan = dir.resolve("plan.json");
    CliRun run = CliRun.of("compile", EXAMPLE, "--quiet", "-o", plan.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode group = new ObjectMapper().readTree(plan.toFile()).at("/deployments/0/groups/0");
    gib = group.at("/offload/weights_host_gib").asDouble();
    assertThat(gib).isGreaterThan(0);
  }

  @Test
  void planValidatesAndSimulationPaysTheTransfer() {
    CliRun run =
        CliRun.of("validate", plan.toString(), "--spec", EXAMPLE, "--simulate", "--format", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    // Every decode step streams the offloaded weights over PCIe Gen5 (64 GB/s): the simulated
    // median TPOT is at least that transfer.
    CliRun sim =
        CliRun.of(
            "simulate",
            plan.toString(),
            "--spec",
            EXAMPLE,
            "--requests",
            "300",
            "--format",
            "json");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    double transferMs = gib * (1 << 30) / 64e9 * 1000;
    assertThat(sim.out()).contains("tpot");
    double p50 = tpotP50(sim.out());
    assertThat(p50).isGreaterThan(transferMs).isLessThan(2000);
  }

  static double tpotP50(String json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      JsonNode tpot = root.findValue("tpot_ms");
      if (tpot == null) {
        tpot = root.findValue("tpot");
      }
      return tpot.findValue("p50").asDouble();
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  @Test
  void explainShowsTheOffload() {
    CliRun run = CliRun.of("explain", plan.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("offload: " + (long) gib + " GiB of weights per GPU stay in host memory")
        .contains("pcie5");
  }

  @Test
  void vllmAndSglangGetTheFlagTrtllmRefuses() throws Exception {
    for (String target : new String[] {"vllm", "sglang"}) {
      CliRun run = CliRun.of("emit", plan.toString(), "--target", target, "-o", dir.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      String script;
      try (var files = Files.walk(dir.resolve(target))) {
        script =
            files
                .filter(p -> p.toString().endsWith(".sh") && !p.endsWith("launch-all.sh"))
                .map(
                    p -> {
                      try {
                        return Files.readString(p);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .reduce("", String::concat);
      }
      assertThat(script).as(target).contains("--cpu-offload-gb " + (long) gib);
    }
    CliRun trt = CliRun.of("emit", plan.toString(), "--target", "trtllm", "-o", dir.toString());
    assertThat(trt.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(trt.err()).contains("host memory (offload)", "--option offload=never");
  }
}
