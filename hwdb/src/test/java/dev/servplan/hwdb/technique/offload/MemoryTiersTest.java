package dev.servplan.hwdb.technique.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.cost.WeightShards;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.unit.Bytes;
import org.junit.jupiter.api.Test;

/** Weight offload and the MoE expert cache: memory moved off the GPU and the transfer each pays. */
class MemoryTiersTest {
  static final LinkSpec NVLINK = Catalogs.links().find("nvlink4").orElseThrow();
  static final GpuSpec H100 = Catalogs.gpus().find("h100-sxm-80gb").orElseThrow();
  static final AnalyticalCostModel COST = AnalyticalCostModel.calibrated();

  static InstanceConfig on(String model) {
    return InstanceConfig.of(Catalogs.models().find(model).orElseThrow(), H100, 1, 1, NVLINK);
  }

  @Test
  void hostTierOfAnH100IsPcie5WithAnEighthOfTheNodesDram() {
    assertThat(HostOffload.hostLink(H100).orElseThrow().id()).isEqualTo("pcie5");
    // 2048 GiB per DGX H100 node, 8 GPUs.
    assertThat(HostOffload.hostShare(H100).gib()).isCloseTo(256, within(1e-9));
  }

  @Test
  void nvmeTierOfAnH100IsAnEighthOfTheDrivesAtTheirSlowerPath() {
    // DGX H100: 8 x 3.84 TB NVMe at 63 GB/s together; one GPU's share is below PCIe Gen5's 64 GB/s.
    assertThat(NvmeOffload.nvmeShare(H100).bytes()).isCloseTo(3.84e12, within(1e3));
    assertThat(NvmeOffload.bandwidth(H100).orElseThrow()).isCloseTo(63e9 / 8, within(1.0));
    NvmeOffload n = NvmeOffload.of(H100, Bytes.ofGiB(100)).orElseThrow();
    assertThat(n.transferSeconds()).isCloseTo(100 * Bytes.GIB / (63e9 / 8), within(1e-9));
    MemoryEstimate mem = COST.memory(on("llama-3.1-70b"));
    MemoryEstimate with = MemoryTiers.NONE.withNvme(n).apply(mem);
    assertThat(with.kvCapacity().bytes())
        .isCloseTo(mem.kvCapacity().bytes() + 100 * Bytes.GIB, within(1.0));
  }

  @Test
  void hostKvSplitsEveryTokenAndChargesItsContext() {
    LinkSpec pcie5 = HostOffload.hostLink(H100).orElseThrow();
    MemoryEstimate mem = COST.memory(on("llama-3.1-8b"));
    // 3 GiB of host KV next to 1 GiB on the GPU: three quarters of every token's KV in host memory.
    HostKv kv = new HostKv(Bytes.ofGiB(3), Bytes.ofGiB(1), mem.kvBytesPerToken(), pcie5);
    assertThat(kv.hostFraction()).isCloseTo(0.75, within(1e-12));
    MemoryEstimate with = kv.apply(mem);
    assertThat(with.kvCapacity()).isEqualTo(mem.kvCapacity()); // GPU bytes as stated
    assertThat(with.maxKvTokens()).isGreaterThan(3 * mem.maxKvTokens());
    double perToken = 0.75 * mem.kvBytesPerToken() / pcie5.bandwidthBytesPerS();
    assertThat(kv.transferSeconds(1000)).isCloseTo(1000 * perToken, within(1e-12));
    // The iteration reads the context it attends to: decodes' context and a chunk's earlier tokens.
    MemoryTiers tiers = MemoryTiers.NONE.withKv(kv);
    BatchShape shape = new BatchShape(java.util.List.of(new PrefillChunk(512, 300)), 4, 8000);
    assertThat(tiers.transferSeconds(shape)).isCloseTo(8300 * perToken, within(1e-12));
    assertThat(tiers.transferSeconds(BatchShape.decode(1, 100))).isGreaterThan(0);
  }

  @Test
  void weightOffloadMovesBytesToTheKvBudgetAndCostsTheirTransfer() {
    MemoryEstimate mem = COST.memory(on("llama-3.1-70b"));
    assertThat(mem.fits()).isFalse(); // 141 GB of bf16 weights on one 80 GB GPU
    HostOffload o = HostOffload.of(H100, Bytes.ofGiB(64)).orElseThrow();
    MemoryEstimate with = o.apply(mem);
    assertThat(with.weights().bytes())
        .isCloseTo(mem.weights().bytes() - 64 * Bytes.GIB, within(1.0));
    assertThat(with.kvCapacity().bytes())
        .isCloseTo(mem.kvCapacity().bytes() + 64 * Bytes.GIB, within(1.0));
    assertThat(with.fits()).isTrue();
    // 64 GiB over 64 GB/s.
    assertThat(o.transferSeconds()).isCloseTo(64 * Bytes.GIB / 64e9, within(1e-12));
  }

  @Test
  void weightClassesCoverTheOffloadableShard() {
    InstanceConfig c = on("llama-3.1-70b");
    double classes =
        WeightShards.offloadable(c).stream().mapToDouble(t -> t.count() * t.bytes()).sum();
    double weights = COST.memory(c).weights().bytes();
    // Everything but embeddings, LM head and norms (about 2 GB of 141 GB).
    assertThat(classes).isLessThan(weights).isGreaterThan(0.97 * weights);
    assertThat(WeightShards.offloadable(on("mixtral-8x7b")))
        .extracting(WeightShards.TensorClass::name)
        .containsExactly("attention", "moe");
  }

  @Test
  void expertMissesFollowUniformTopKRouting() {
    LinkSpec pcie5 = HostOffload.hostLink(H100).orElseThrow();
    InstanceConfig mixtral = on("mixtral-8x7b");
    ExpertCache half = ExpertCache.of(mixtral, 4, pcie5);
    // Mixtral: 8 experts, top-2. One token touches a given expert with probability 1/4, so a
    // layer loads 4 · 1/4 = 1 of its 4 uncached experts; many tokens load all four.
    assertThat(half.expectedLoads(1)).isCloseTo(1.0, within(1e-12));
    assertThat(half.expectedLoads(2)).isCloseTo(4 * (1 - 0.75 * 0.75), within(1e-12));
    assertThat(half.expectedLoads(2048)).isCloseTo(4.0, within(1e-9));
    // One expert of Mixtral in bf16: 3 matrices of 4096 x 14336.
    assertThat(half.expertBytes()).isCloseTo(3.0 * 4096 * 14336 * 2, within(1.0));
    assertThat(half.moeLayers()).isEqualTo(32);
    assertThat(half.transferSeconds(1))
        .isCloseTo(32 * half.expertBytes() / pcie5.bandwidthBytesPerS(), within(1e-12));
    MemoryEstimate mem = COST.memory(mixtral);
    MemoryEstimate with = half.apply(mem);
    assertThat(mem.weights().bytes() - with.weights().bytes())
        .isCloseTo(32 * 4 * half.expertBytes(), within(1.0));
    // The staging buffer of one layer's uncached experts stays on the GPU.
    assertThat(with.overhead().bytes() - mem.overhead().bytes())
        .isCloseTo(4 * half.expertBytes(), within(1.0));
    assertThat(mem.fits()).isFalse();
    assertThat(with.fits()).isTrue();
    // As a term of the instance model, the loads add to the cost model's iteration.
    BatchShape one = BatchShape.decode(1, 1000);
    InstanceModel plain = InstanceModel.plain(COST, mixtral, MemoryOptions.DEFAULT);
    InstanceModel cached = plain.with(half);
    assertThat(cached.seconds(one) - plain.seconds(one))
        .isCloseTo(half.transferSeconds(1), within(1e-12));
    assertThat(cached.memory().weights()).isEqualTo(with.weights());
    assertThat(MemoryTiers.NONE.transferSeconds(1000, 5000)).isZero();
  }

  @Test
  void expertCacheNeedsAnMoeModelAndAnOffloadedExpert() {
    LinkSpec pcie5 = HostOffload.hostLink(H100).orElseThrow();
    assertThatThrownBy(() -> ExpertCache.of(on("llama-3.1-8b"), 0, pcie5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixture-of-experts");
    assertThatThrownBy(() -> ExpertCache.of(on("mixtral-8x7b"), 8, pcie5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 8)");
  }
}
