package dev.servplan.runtime.technique.offload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.technique.offload.HostKv;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.offload.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.Optional;

/**
 * The explain lines of a group's memory tiers (docs/techniques.md, "Memory tiers (offload)"):
 * weights on NVMe and KV cache in host memory, with their path, the time each iteration pays for
 * them, and that no target engine runs them; then weights in host memory, over which link, and what
 * each forward pass pays for them next to the full decode step's compute (the transfer is not
 * overlapped).
 */
public final class OffloadExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public void afterPrefillChunk(ExplainStep step, StringBuilder out) {
    Group g = step.group();
    if (Offload.of(g).isEmpty()) {
      return;
    }
    InstanceConfig config = step.config();
    tiers(out, g, config, step.costModel().memory(config, MemoryOptions.DEFAULT).kvBytesPerToken());
    hostWeights(out, g, config, step.decode().total().seconds());
  }

  /** {@code kappa}: KV bytes per token of context on one GPU of the instance, all its layers. */
  private static void tiers(StringBuilder out, Group g, InstanceConfig config, double kappa) {
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

  private static void hostWeights(
      StringBuilder out, Group g, InstanceConfig config, double decodeS) {
    double gib = Offload.of(g).get().weightsHostGib();
    if (gib <= 0) {
      return;
    }
    Optional<HostOffload> o = HostOffload.of(config.gpu(), Bytes.ofGiB(gib));
    if (o.isEmpty()) {
      out.append("    offload: ")
          .append(Quantities.formatNumber(gib))
          .append(" GiB of weights per GPU in host memory; the host link is not in the catalog\n");
      return;
    }
    double t = o.get().transferSeconds();
    out.append("    offload: ")
        .append(Quantities.formatNumber(gib))
        .append(" GiB of weights per GPU stay in host memory (")
        .append(HostOffload.hostTier(config.gpu()).id())
        .append(" host tier, ")
        .append(HostOffload.hostShare(config.gpu()))
        .append(" per GPU) and cross ")
        .append(o.get().hostLink().id())
        .append(" at ")
        .append(Quantities.formatNumber(o.get().hostLink().bandwidthBytesPerS() / 1e9))
        .append(" GB/s in every forward pass: +")
        .append(Duration.ofSeconds(t))
        .append(" per iteration (the full decode step above computes in ")
        .append(Duration.ofSeconds(decodeS))
        .append("), in exchange for that much more KV cache per GPU\n");
  }
}
