package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.solver.technique.offload.OffloadPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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
    return OffloadTest.groups(plan).stream().map(Offload::of).flatMap(Optional::stream).findFirst();
  }

  static boolean beyondEngines(Plan plan) {
    return OffloadTest.groups(plan).stream()
        .anyMatch(g -> Offload.of(g).map(Offload::beyondEngines).orElse(false));
  }

  static String withEngine(String yaml, String engine) {
    return yaml.replace("  offload: auto", "  engine: " + engine + "\n  offload: auto");
  }

  @Test
  void placementFillsHostMemoryBeforeNvme() {
    // Free 30 GiB with 21 GiB of offloadable weights, 14 GiB of host memory (weights and KV), 100
    // of NVMe and up to 12 GiB of KV: host holds 14 at most, so 16 must go to NVMe; of the host's
    // 14, the weights left beside the NVMe ones (5) and then KV (9).
    assertThat(OffloadPlacement.solve(30, 0, 21, 14, 100, 12))
        .contains(new OffloadPlacement.Placement(5, 16, 9));
    // Without the NVMe and KV tiers nothing frees 30.
    assertThat(OffloadPlacement.solve(30, 0, 21, 14, 0, 0)).isEmpty();
  }

  @Test
  void placementPrefersHostWeightsOnATie() {
    // Host weights and host KV cost the same link time; the engines run the first.
    assertThat(OffloadPlacement.solve(4, 0, 8, 100, 0, 4))
        .contains(new OffloadPlacement.Placement(4, 0, 0));
    // Weights that overflow the GPU must leave even when KV could cover the deficit.
    assertThat(OffloadPlacement.solve(6, 3, 3, 100, 0, 10))
        .contains(new OffloadPlacement.Placement(3, 0, 3));
    assertThat(OffloadPlacement.solve(6, 4, 3, 100, 0, 10)).isEmpty();
  }

  @Property(tries = 300)
  void placementIsTheCheapestByBruteForce(
      @ForAll @IntRange(min = 1, max = 12) int deficit,
      @ForAll @IntRange(min = 0, max = 6) int floor,
      @ForAll @IntRange(min = 0, max = 10) int weights,
      @ForAll @IntRange(min = 0, max = 12) int host,
      @ForAll @IntRange(min = 0, max = 8) int nvme,
      @ForAll @IntRange(min = 0, max = 8) int kvMost,
      @ForAll @IntRange(min = 1, max = 5) int nvmeCost) {
    // Host time per GiB 1, NVMe time per GiB nvmeCost >= 1: the least time, then least NVMe + KV.
    long[] best = null;
    for (int a = 0; a <= weights; a++) {
      for (int sn = 0; sn <= nvme && a + sn <= weights; sn++) {
        for (int k = 0; k <= kvMost; k++) {
          if (a + sn + k < deficit || a + sn < floor || a + k > host) {
            continue;
          }
          long time = a + k + (long) nvmeCost * sn;
          long lossy = sn + k;
          if (best == null || time < best[0] || (time == best[0] && lossy < best[1])) {
            best = new long[] {time, lossy};
          }
        }
      }
    }
    Optional<OffloadPlacement.Placement> p =
        OffloadPlacement.solve(deficit, floor, weights, host, nvme, kvMost);
    if (best == null) {
      assertThat(p).isEmpty();
      return;
    }
    assertThat(p).isPresent();
    OffloadPlacement.Placement q = p.get();
    assertThat(q.host() + q.kv() + (long) nvmeCost * q.nvme()).isEqualTo(best[0]);
    assertThat(q.nvme() + q.kv()).isEqualTo(best[1]);
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
