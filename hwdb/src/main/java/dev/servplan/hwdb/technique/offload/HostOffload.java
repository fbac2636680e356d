package dev.servplan.hwdb.technique.offload;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.NodeSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * Weight offload to host memory (vLLM and SGLang {@code --cpu-offload-gb}; FlexGen, Sheng et al.,
 * ICML 2023): {@code weightsHost} of each GPU's weight shard stay in host DRAM and cross the
 * CPU-to-GPU link in every forward pass, freeing that much GPU memory for the KV cache.
 *
 * <p>The transfer is not overlapped with compute: vLLM keeps offloaded parameters in pinned host
 * memory and its kernels read them over the link on the fly in each forward pass (vLLM {@code
 * OffloadConfig.cpu_offload_gb}: "at the cost of additional CPU-GPU transfers during inference";
 * engine-args doc: "part of the model is loaded from CPU memory to GPU memory on the fly in each
 * model forward pass"), so an iteration takes its compute time plus {@code weightsHost / link
 * bandwidth}. FlexGen's prefetching would overlap the two; servplan does not assume it.
 *
 * @param weightsHost bytes of this GPU's weight shard kept in host memory (per GPU, as the engines'
 *     flag counts them)
 * @param hostLink the CPU-to-GPU link of the GPU's host tier (nodes.yaml {@code host_link})
 */
public record HostOffload(Bytes weightsHost, LinkSpec hostLink) {
  public HostOffload {
    Objects.requireNonNull(weightsHost, "weightsHost");
    Objects.requireNonNull(hostLink, "hostLink");
    if (!(weightsHost.bytes() > 0)) {
      throw new IllegalArgumentException("offloaded weights must be positive, got " + weightsHost);
    }
  }

  /** The host tier of a GPU (nodes.yaml: the tier listing it, else {@code default}). */
  public static NodeSpec hostTier(GpuSpec gpu) {
    return Catalogs.nodes().forGpu(gpu.id());
  }

  /** The CPU-to-GPU link of the GPU's host tier, if the link catalog knows it. */
  public static Optional<LinkSpec> hostLink(GpuSpec gpu) {
    return Catalogs.links().find(hostTier(gpu).hostLink());
  }

  /**
   * Host DRAM one GPU may use: the tier's host memory divided evenly among its GPUs, since every
   * instance of a full node offloads at once.
   */
  public static Bytes hostShare(GpuSpec gpu) {
    NodeSpec tier = hostTier(gpu);
    int gpus = tier.gpusPerNode() > 0 ? tier.gpusPerNode() : InstanceConfig.DEFAULT_GPUS_PER_NODE;
    return new Bytes(tier.hostMemory().bytes() / gpus);
  }

  /** The offload of {@code weightsHost} bytes per GPU over the GPU's host link. */
  public static Optional<HostOffload> of(GpuSpec gpu, Bytes weightsHost) {
    return hostLink(gpu).map(link -> new HostOffload(weightsHost, link));
  }

  /**
   * Seconds every forward pass spends streaming the offloaded weights: {@code weightsHost /
   * bandwidth} of the link's per-direction peak (no efficiency factor, so optimistic), added to the
   * iteration's compute (no overlap, see the class comment). Each GPU streams its own shard over
   * its own link in parallel.
   */
  public double transferSeconds() {
    return weightsHost.bytes() / hostLink.bandwidthBytesPerS();
  }

  /** One GPU's memory with the offloaded weights moved from the weights to the KV budget. */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    return new MemoryEstimate(
        gpu.capacity(),
        gpu.usable(),
        gpu.weights().minus(weightsHost),
        gpu.activations(),
        gpu.overhead(),
        gpu.kvCapacity().plus(weightsHost),
        gpu.kvBytesPerToken(),
        gpu.pageTokens());
  }
}
