package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KV-in-host-memory example through every command: the plan field, validation, the simulator
 * paying the host-KV read per decode step, explain, and every engine's refusal.
 */
class OffloadTiersEndToEndTest {
  static final String EXAMPLE = Path.of("..", "examples", "kv-host-offload.yaml").toString();
  @TempDir static Path dir;
  static Path plan;
  static JsonNode offload;

  @BeforeAll
  static void compile() throws Exception {
    plan = dir.resolve("plan.json");
    CliRun run = CliRun.of("compile", EXAMPLE, "--quiet", "-o", plan.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    offload = new ObjectMapper().readTree(plan.toFile()).at("/deployments/0/groups/0/offload");
    assertThat(offload.path("kv_host_gib").asDouble()).isGreaterThan(0);
  }

  @Test
  void planValidatesAndSimulationAgreesWithThePrediction() throws Exception {
    CliRun run =
        CliRun.of("validate", plan.toString(), "--spec", EXAMPLE, "--simulate", "--format", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    CliRun sim =
        CliRun.of(
            "simulate",
            plan.toString(),
            "--spec",
            EXAMPLE,
            "--requests",
            "500",
            "--format",
            "json");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    // Every decode step reads the host share of its batch's ~30k-token contexts over PCIe Gen5 on
    // top of the host weights: well above the weights' transfer alone, and within the 5 s TPOT.
    double weightsMs = offload.path("weights_host_gib").asDouble() * (1 << 30) / 64e9 * 1000;
    double p50 = OffloadEndToEndTest.tpotP50(sim.out());
    assertThat(p50).isGreaterThan(weightsMs * 1.2).isLessThan(5000);
  }

  @Test
  void explainShowsTheHostKv() {
    CliRun run = CliRun.of("explain", plan.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "KV cache in host memory: " + offload.path("kv_host_gib").asLong() + " GiB per GPU")
        .contains("attention reads it over pcie5")
        .contains("no target engine reads KV from host memory");
  }

  @Test
  void everyEngineRefusesHostKv() {
    for (String target : new String[] {"vllm", "sglang", "trtllm", "k8s"}) {
      CliRun run = CliRun.of("emit", plan.toString(), "--target", target, "-o", dir.toString());
      assertThat(run.exitCode()).as(target).isEqualTo(ExitCode.UNSATISFIED);
      assertThat(run.err())
          .as(target)
          .contains("KV cache per GPU in host memory (offload memory tiers)")
          .contains("--option offload=never")
          .contains("--option engine=");
    }
  }

  @Test
  void nvmePlanExplainsAndIsRefused() throws Exception {
    Path spec = dir.resolve("nvme.yaml");
    // llama-3.1-405b in bf16 (~756 GiB per GPU at tp 1) on one H100 with 256 GiB of host DRAM.
    java.nio.file.Files.writeString(
        spec,
        java.nio.file.Files.readString(Path.of(EXAMPLE))
            .replace("llama-3.1-70b", "llama-3.1-405b")
            .replace("rate: 0.01/s", "rate: 0.0002/s")
            .replace("mean: 30000, p99: 60000", "mean: 500, p99: 1500")
            .replace("mean: 200, p99: 600", "mean: 32, p99: 64")
            .replace("ttft: {p99: 600s}", "ttft: {p99: 1800s}")
            .replace("tpot: {p99: 5s}", "tpot: {p99: 120s}"));
    Path nvmePlan = dir.resolve("nvme.json");
    CliRun run = CliRun.of("compile", spec.toString(), "--quiet", "-o", nvmePlan.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(CliRun.of("validate", nvmePlan.toString()).exitCode()).isZero();
    assertThat(CliRun.of("explain", nvmePlan.toString()).out())
        .contains("GiB of weights per GPU stay on the 'default' host tier's NVMe")
        .contains("no target engine streams weights from NVMe");
    CliRun emit = CliRun.of("emit", nvmePlan.toString(), "--target", "vllm", "-o", dir.toString());
    assertThat(emit.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(emit.err()).contains("GiB of weights per GPU on NVMe", "--option engine=vllm");
  }
}
