package dev.servplan.runtime.report;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.offload.HostKv;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.offload.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import java.util.Optional;

/**
 * The explain lines of the memory tiers beyond host weights (docs/techniques.md, "Memory tiers
 * (offload)"): weights on NVMe and KV cache in host memory, with their path, the time each
 * iteration pays for them, and that no target engine runs them.
 */
final class OffloadTierExplainer {
  private OffloadTierExplainer() {}

  /** {@code kappa}: KV bytes per token of context on one GPU of the instance, all its layers. */
  static void explain(StringBuilder out, Group g, InstanceConfig config, double kappa) {
    Offload o = Offload.of(g).orElseThrow();
    String tier = HostOffload.hostTier(config.gpu()).id();
    if (o.weightsNvmeGib() > 0) {
      Optional<NvmeOffload> n = NvmeOffload.of(config.gpu(), Bytes.ofGiB(o.weightsNvmeGib()));
      out.append("    offload to NVMe: ")
          .append(Quantities.formatNumber(o.weightsNvmeGib()))
          .append(" GiB of weights per GPU stay on the '")
          .append(tier)
          .append("' host tier's NVMe (")
          .append(NvmeOffload.nvmeShare(config.gpu()))
          .append(" per GPU)");
      if (n.isPresent()) {
        out.append(" and are read through host memory at ")
            .append(Quantities.formatNumber(Math.round(n.get().bandwidthBytesPerS() / 1e7) / 100.0))
            .append(
                " GB/s (the slower of the GPU's share of the drives and the host link) in every")
            .append(" forward pass: +")
            .append(Duration.ofSeconds(n.get().transferSeconds()))
            .append(" per iteration");
      }
      out.append("; no target engine streams weights from NVMe (plan for engine: any only)\n");
    }
    if (o.kvHostGib() > 0) {
      Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
      out.append("    KV cache in host memory: ")
          .append(Quantities.formatNumber(o.kvHostGib()))
          .append(" GiB per GPU next to the ")
          .append(g.kvCachePerGpu())
          .append(" on the GPU");
      if (link.isPresent() && g.kvCachePerGpu().bytes() > 0 && kappa > 0) {
        HostKv kv = new HostKv(Bytes.ofGiB(o.kvHostGib()), g.kvCachePerGpu(), kappa, link.get());
        out.append(": ")
            .append(Quantities.formatNumber(Math.round(kv.hostFraction() * 1000) / 10.0))
            .append(" % of every token's KV (FlexGen-style, by layer) lives in host memory and")
            .append(" attention reads it over ")
            .append(link.get().id())
            .append(" in every iteration: +")
            .append(Duration.ofSeconds(kv.transferSeconds(1000)))
            .append(" per 1,000 tokens of context attended");
      }
      out.append("; no target engine reads KV from host memory for attention (plan for engine:")
          .append(" any only)\n");
    }
  }
}
