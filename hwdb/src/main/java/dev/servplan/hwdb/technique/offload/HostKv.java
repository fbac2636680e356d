package dev.servplan.hwdb.technique.offload;

import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;

/**
 * KV cache kept in host DRAM and read by attention over the CPU-to-GPU link in every iteration
 * (FlexGen, Sheng et al., ICML 2023, places the KV cache of some layers on the CPU). The KV of a
 * fraction {@code f = kvHost / (gpuKv + kvHost)} of the layers lives in host memory, so each token
 * of context takes {@code (1 − f)·κ} bytes of GPU memory and {@code f·κ} of host memory, and an
 * iteration reads {@code f·κ} bytes per token of context it attends to. No target engine does this
 * (docs/techniques.md), so only plans for {@code engine: any} use it.
 *
 * @param kvHost bytes of KV cache per GPU in host memory
 * @param gpuKv bytes of KV cache per GPU in GPU memory (the plan's {@code kv_cache_gib_per_gpu})
 * @param kvBytesPerToken bytes of KV one token of context takes on this GPU, all layers (κ)
 * @param hostLink the CPU-to-GPU link of the GPU's host tier
 */
public record HostKv(Bytes kvHost, Bytes gpuKv, double kvBytesPerToken, LinkSpec hostLink) {
  public HostKv {
    Objects.requireNonNull(kvHost, "kvHost");
    Objects.requireNonNull(gpuKv, "gpuKv");
    Objects.requireNonNull(hostLink, "hostLink");
    if (!(kvHost.bytes() > 0)) {
      throw new IllegalArgumentException("KV in host memory must be positive, got " + kvHost);
    }
    if (!(gpuKv.bytes() > 0) || !(kvBytesPerToken > 0)) {
      throw new IllegalArgumentException("GPU KV and bytes per token must be positive");
    }
  }

  /** The share f of every token's KV that lives in host memory. */
  public double hostFraction() {
    return kvHost.bytes() / (gpuKv.bytes() + kvHost.bytes());
  }

  /**
   * Seconds an iteration attending to {@code contextTokens} tokens of context spends reading their
   * host-resident KV: {@code f·κ·context / B}, at the link's per-direction peak and not overlapped
   * with compute. Writing the new tokens' KV to host memory goes the other way on the full-duplex
   * link and is not charged.
   */
  public double transferSeconds(double contextTokens) {
    return hostFraction() * kvBytesPerToken * contextTokens / hostLink.bandwidthBytesPerS();
  }

  /**
   * One GPU's memory where each token keeps only {@code (1 − f)·κ} on the GPU: the same KV bytes
   * hold {@code (gpuKv + kvHost) / κ} tokens.
   */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    return new MemoryEstimate(
        gpu.capacity(),
        gpu.usable(),
        gpu.weights(),
        gpu.activations(),
        gpu.overhead(),
        gpu.kvCapacity(),
        gpu.kvBytesPerToken() * (1 - hostFraction()),
        gpu.pageTokens());
  }
}
