package dev.servplan.hwdb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareCatalogTest {
  private static final List<String> REQUIRED_GPUS =
      List.of(
          "a100-sxm-40gb",
          "a100-sxm-80gb",
          "h100-sxm-80gb",
          "h100-pcie-80gb",
          "h200-sxm-141gb",
          "b200-sxm-180gb",
          "l40s-48gb",
          "l4-24gb",
          "a10g-24gb",
          "rtx4090-24gb",
          "mi300x-192gb");
  private static final List<String> REQUIRED_LINKS =
      List.of(
          "nvlink3",
          "nvlink4",
          "nvlink5",
          "pcie4",
          "pcie5",
          "infinity-fabric",
          "ib-200g",
          "ib-400g",
          "roce-100g",
          "roce-400g",
          "ethernet-25g",
          "ethernet-100g");

  private static GpuSpec gpu(String id) {
    return Catalogs.gpus().find(id).orElseThrow();
  }

  @Test
  void requiredEntriesArePresent() {
    assertThat(Catalogs.gpus().ids()).containsAll(REQUIRED_GPUS);
    assertThat(Catalogs.links().ids()).containsAll(REQUIRED_LINKS);
  }

  @Test
  void everyGpuFigureHasASource() {
    List<String> missing = new ArrayList<>();
    for (GpuSpec g : Catalogs.gpus().all()) {
      List<String> fields =
          new ArrayList<>(
              List.of(
                  "memory",
                  "memory_bandwidth",
                  "sm_count",
                  "l2_cache",
                  "intra_node_link",
                  "gpus_per_node",
                  "tdp",
                  "price"));
      for (Dtype d : g.denseTflops().keySet()) {
        fields.add("tflops." + d.id());
      }
      for (String field : fields) {
        if (g.source(field).filter(s -> s.length() > 10).isEmpty()) {
          missing.add(g.id() + " " + field);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyLinkAndNodeFigureHasASource() {
    for (LinkSpec l : Catalogs.links().all()) {
      assertThat(l.source()).doesNotContain("?").contains("bandwidth: ").contains("latency: ");
      assertThat(l.bandwidthBytesPerS()).isPositive();
      assertThat(l.latencyS()).isBetween(1e-7, 1e-4);
    }
    for (NodeSpec n : Catalogs.nodes().all()) {
      assertThat(n.sources())
          .containsKeys(
              "host_memory",
              "host_memory_bandwidth",
              "nvme",
              "nvme_bandwidth",
              "host_link",
              "network_link",
              "gpus_per_node");
    }
  }

  @Test
  void precisionSupportFollowsTheArchitecture() {
    for (String ampere : List.of("a100-sxm-40gb", "a100-sxm-80gb", "a10g-24gb")) {
      assertThat(gpu(ampere).supports(Dtype.FP8)).as(ampere).isFalse();
      assertThat(gpu(ampere).supports(Dtype.BF16)).as(ampere).isTrue();
    }
    for (String fp8 :
        List.of(
            "l4-24gb",
            "l40s-48gb",
            "rtx4090-24gb",
            "h100-sxm-80gb",
            "h100-pcie-80gb",
            "h200-sxm-141gb",
            "b200-sxm-180gb",
            "mi300x-192gb")) {
      assertThat(gpu(fp8).supports(Dtype.FP8)).as(fp8).isTrue();
    }
    for (GpuSpec g : Catalogs.gpus().all()) {
      assertThat(g.supports(Dtype.FP4)).as(g.id()).isEqualTo(g.id().startsWith("b200"));
    }
  }

  @Test
  void figuresAreDenseAndInBaseUnits() {
    GpuSpec h100 = gpu("h100");
    assertThat(h100.peakFlops(Dtype.BF16)).contains(989e12);
    assertThat(h100.memory().gib()).isEqualTo(80.0);
    assertThat(h100.memoryBandwidthBytesPerS()).isEqualTo(3.35e12);
    assertThat(h100.l2Cache().bytes()).isEqualTo(52_428_800.0);
    assertThat(gpu("b200").memoryBandwidthBytesPerS()).isEqualTo(7.7e12);
    assertThat(gpu("h200").memory().gb()).isEqualTo(141.0);
    // Dense fp8 is twice dense bf16 on every part that has both (a sparse figure would break this).
    for (GpuSpec g : Catalogs.gpus().all()) {
      if (g.supports(Dtype.FP8)) {
        assertThat(g.denseTflops().get(Dtype.FP8) / g.denseTflops().get(Dtype.BF16))
            .as(g.id())
            .isBetween(1.95, 2.05);
      }
      assertThat(g.price().dollarsPerHour()).as(g.id()).isBetween(0.1, 20.0);
      assertThat(g.priceDate()).matches("\\d{4}-\\d{2}");
    }
  }

  @Test
  void linksAreStoredPerDirection() {
    assertThat(Catalogs.links().find("nvlink3").orElseThrow().bandwidthBytesPerS())
        .isEqualTo(300e9);
    assertThat(Catalogs.links().find("nvlink4").orElseThrow().bandwidthBytesPerS())
        .isEqualTo(450e9);
    assertThat(Catalogs.links().find("NVLink5").orElseThrow().bandwidthBytesPerS())
        .isEqualTo(900e9);
    assertThat(Catalogs.links().find("ndr").orElseThrow().bandwidthBytesPerS()).isEqualTo(50e9);
    assertThat(Catalogs.links().find("ib-200g").orElseThrow().intraNode()).isFalse();
  }

  @Test
  void hostTiersResolveByGpu() {
    assertThat(Catalogs.nodes().forGpu("a100-sxm-80gb").id()).isEqualTo("dgx-a100");
    assertThat(Catalogs.nodes().forGpu("l4-24gb").hostLink()).isEqualTo("pcie4");
    assertThat(Catalogs.nodes().forGpu("mi300x-192gb").id()).isEqualTo("default");
  }

  @Test
  void suggestionsHoldIdsThenAliases() {
    List<String> names = Catalogs.gpus().namesForSuggestions();
    assertThat(names.subList(0, Catalogs.gpus().ids().size())).isEqualTo(Catalogs.gpus().ids());
    assertThat(names).contains("H100-SXM5-80GB", "a100").doesNotHaveDuplicates();
    // h100-sxm-80gb's alias H100-SXM-80GB only differs by case, so it is not offered again.
    assertThat(names).doesNotContain("H100-SXM-80GB");
    assertThat(names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct().count())
        .isEqualTo(names.size());
  }
}
