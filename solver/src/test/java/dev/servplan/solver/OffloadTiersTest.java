package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Offload;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.hwdb.cost.HostOffload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Memory tiers beyond host weights: the three-tier placement program, KV cache in host memory on
 * the long-context example, weights on NVMe for a model larger than HBM plus the host share, and
 * neither under a tight TPOT or for a concrete engine.
 */
class OffloadTiersTest {
  static final Path KV_EXAMPLE = Path.of("..", "examples", "kv-host-offload.yaml");

  /** FlexGen's setting: a model far larger than one GPU and its host share, at a very loose SLO. */
  static final String NVME_SPEC =
      String.join(
          "\n",
          "apiVersion: servplan/v1",
          "name: nvme-405b",
          "inventory:",
          "  pools:",
          "    - {name: h100, gpu: h100-sxm-80gb, count: 8, gpus_per_node: 8, network: ib-400g,"
              + " price: 2.49/h}",
          "deployments:",
          "  - name: offline",
          "    model: llama-3.1-405b",
          "    precision: {weights: bf16, kv_cache: bf16}",
          "    workload:",
          "      rate: 0.0002/s",
          "      input_tokens: {dist: lognormal, mean: 500, p99: 1500}",
          "      output_tokens: {dist: lognormal, mean: 32, p99: 64}",
          "    slo:",
          "      ttft: {p99: 1800s}",
          "      tpot: {p99: 120s}",
          "      attainment: 99%",
          "objective: minimize-cost",
          "options:",
          "  offload: auto",
          "  time_limit: 10s",
          "");

  static Optional<Offload> offload(Plan plan) {
    return OffloadTest.groups(plan).stream()
        .map(Group::offload)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static boolean beyondEngines(Plan plan) {
    return OffloadTest.groups(plan).stream()
        .anyMatch(g -> g.offload().map(Offload::beyondEngines).orElse(false));
  }

  static String withEngine(String yaml, String engine) {
    return yaml.replace("  offload: auto", "  engine: " + engine + "\n  offload: auto");
  }

  @Test
  void placementTradesHostKvAgainstNvmeWeightsByTransferTime() {
    // Weights: 3 units of 7; KV: 4 layers of 3. Host holds 14 (weights and KV), NVMe 100, and an
    // NVMe byte costs 8 host bytes of time. Freeing 30 within h + s <= 3 and 7h + 3k <= 14 needs
    // all three weight units on NVMe (21) and 3 layers of KV (9): 9 + 8 * 21 = 177.
    List<HostOffload.TensorClass> classes = List.of(new HostOffload.TensorClass("a", 3, 7));
    assertThat(OffloadPlacement.solve(classes, 1, 1, 30, 14, 100, 4, 3, 1, 8, 0))
        .contains(new OffloadPlacement.Placement(0, 21, 9));
    // Without the NVMe and KV tiers nothing frees 30.
    assertThat(OffloadPlacement.solve(classes, 1, 1, 30, 14, 0, 0, 0, 1, 8, 0)).isEmpty();
  }

  @Test
  void placementPrefersHostWeightsOnATie() {
    // One weight unit of 4 or two KV layers of 2 free the same 4 bytes in the same time: the
    // engines run the first.
    List<HostOffload.TensorClass> classes = List.of(new HostOffload.TensorClass("a", 2, 4));
    assertThat(OffloadPlacement.solve(classes, 1, 1, 4, 100, 0, 4, 2, 1, 1, 0))
        .contains(new OffloadPlacement.Placement(4, 0, 0));
  }

  @Test
  void kvInHostMemoryWinsOnTheLongContextExample() throws Exception {
    String yaml = Files.readString(KV_EXAMPLE);
    Plan auto = PrefixCachingTest.solve(yaml);
    Plan vllm = PrefixCachingTest.solve(withEngine(yaml, "vllm"));
    Plan never = PrefixCachingTest.solve(OffloadTest.withOption(yaml, "never"));
    Offload o = offload(auto).orElseThrow();
    assertThat(o.kvHostGib()).isGreaterThan(0).isEqualTo(Math.rint(o.kvHostGib()));
    assertThat(o.weightsNvmeGib()).isZero();
    // Host weights and KV together within the 256 GiB of host DRAM per H100.
    assertThat(o.weightsHostGib() + o.kvHostGib()).isLessThanOrEqualTo(256);
    assertThat(auto.totalGpus()).isLessThan(vllm.totalGpus());
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(vllm.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
    // A concrete engine never gets KV in host memory (it may still offload host weights).
    assertThat(beyondEngines(vllm)).isFalse();
  }

  @Test
  void kvInHostMemoryLosesUnderATightTpot() throws Exception {
    String yaml = Files.readString(KV_EXAMPLE).replace("tpot: {p99: 5s}", "tpot: {p99: 200ms}");
    Plan auto = PrefixCachingTest.solve(yaml);
    assertThat(beyondEngines(auto)).isFalse();
    assertThat(auto.costPerHour().dollarsPerHour())
        .isEqualTo(
            PrefixCachingTest.solve(withEngine(yaml, "vllm")).costPerHour().dollarsPerHour());
  }

  @Test
  void nvmeWinsForAModelLargerThanHbmAndTheHostShare() {
    Plan auto = PrefixCachingTest.solve(NVME_SPEC);
    Plan vllm = PrefixCachingTest.solve(withEngine(NVME_SPEC, "vllm"));
    Offload o = offload(auto).orElseThrow();
    assertThat(o.weightsNvmeGib()).isGreaterThan(0);
    // The host tier is full before the disk is used: NVMe is 8x slower per GPU than PCIe Gen5.
    assertThat(o.weightsHostGib() + o.kvHostGib()).isEqualTo(256);
    assertThat(auto.totalGpus()).isEqualTo(1);
    assertThat(vllm.totalGpus()).isGreaterThan(1);
    assertThat(beyondEngines(vllm)).isFalse();
  }

  @Test
  void nvmeLosesUnderATightTpot() {
    Plan auto = PrefixCachingTest.solve(NVME_SPEC.replace("tpot: {p99: 120s}", "tpot: {p99: 10s}"));
    assertThat(beyondEngines(auto)).isFalse();
    assertThat(auto.totalGpus()).isGreaterThan(1);
  }
}
