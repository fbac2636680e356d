package dev.servplan.hwdb.technique.offload;

import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.NodeSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * Weights kept on the node's local NVMe drives (FlexGen's disk tier, Sheng et al., ICML 2023):
 * {@code weightsNvme} of each GPU's shard are read from disk into host memory and on over the
 * CPU-to-GPU link in every forward pass, freeing that much GPU memory. No target engine does this
 * (docs/techniques.md, "Memory tiers (offload)"), so only plans for {@code engine: any} use it.
 *
 * <p>The path is NVMe → host DRAM → GPU; the transfer runs at the slower of the GPU's share of the
 * drives' read bandwidth and the host link, not overlapped with compute (as for {@link
 * HostOffload}).
 *
 * @param weightsNvme bytes of this GPU's weight shard kept on NVMe
 * @param bandwidthBytesPerS the path's bandwidth per GPU: min(NVMe share, host link)
 */
public record NvmeOffload(Bytes weightsNvme, double bandwidthBytesPerS) {
  public NvmeOffload {
    Objects.requireNonNull(weightsNvme, "weightsNvme");
    if (!(weightsNvme.bytes() > 0)) {
      throw new IllegalArgumentException("weights on NVMe must be positive, got " + weightsNvme);
    }
    if (!(bandwidthBytesPerS > 0)) {
      throw new IllegalArgumentException("NVMe bandwidth must be positive");
    }
  }

  private static int gpusPerNode(NodeSpec tier) {
    return tier.gpusPerNode() > 0 ? tier.gpusPerNode() : InstanceConfig.DEFAULT_GPUS_PER_NODE;
  }

  /**
   * NVMe capacity one GPU may use: the tier's drives divided evenly among its GPUs (nodes.yaml
   * {@code nvme}), since every instance of a full node offloads at once.
   */
  public static Bytes nvmeShare(GpuSpec gpu) {
    NodeSpec tier = HostOffload.hostTier(gpu);
    return new Bytes(tier.nvme().bytes() / gpusPerNode(tier));
  }

  /**
   * Bytes per second one GPU reads weights from NVMe: the GPU's share of the drives' read bandwidth
   * (nodes.yaml {@code nvme_bandwidth}, a link-limited upper bound) or the host link, whichever is
   * slower; empty when the host link is unknown or the tier has no drives.
   */
  public static Optional<Double> bandwidth(GpuSpec gpu) {
    NodeSpec tier = HostOffload.hostTier(gpu);
    double share = tier.nvmeBandwidthBytesPerS() / gpusPerNode(tier);
    if (!(share > 0)) {
      return Optional.empty();
    }
    return HostOffload.hostLink(gpu).map(link -> Math.min(share, link.bandwidthBytesPerS()));
  }

  /** The offload of {@code weightsNvme} bytes per GPU to the GPU's host tier's drives. */
  public static Optional<NvmeOffload> of(GpuSpec gpu, Bytes weightsNvme) {
    return bandwidth(gpu).map(b -> new NvmeOffload(weightsNvme, b));
  }

  /** Seconds every forward pass spends reading these weights: bytes / path bandwidth. */
  public double transferSeconds() {
    return weightsNvme.bytes() / bandwidthBytesPerS;
  }

  /** One GPU's memory with these weights moved from the weights to the KV budget. */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    return new MemoryEstimate(
        gpu.capacity(),
        gpu.usable(),
        gpu.weights().minus(weightsNvme),
        gpu.activations(),
        gpu.overhead(),
        gpu.kvCapacity().plus(weightsNvme),
        gpu.kvBytesPerToken(),
        gpu.pageTokens());
  }
}
