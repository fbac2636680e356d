package dev.servplan.hwdb.technique.offload;

import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.instance.Batch;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.Objects;
import java.util.Optional;

/**
 * What an instance keeps outside GPU memory: weights offloaded to host DRAM ({@link HostOffload})
 * or to NVMe ({@link NvmeOffload}) and KV cache in host DRAM ({@link HostKv}); {@link #NONE} when
 * everything is on the GPUs. The memory-tier technique's term of the instance model: one place for
 * the memory and the per-iteration transfer both the solver and the simulator charge.
 */
public record MemoryTiers(
    Optional<HostOffload> weights, Optional<NvmeOffload> nvme, Optional<HostKv> kv)
    implements InstanceTerm {
  public static final MemoryTiers NONE =
      new MemoryTiers(Optional.empty(), Optional.empty(), Optional.empty());

  public MemoryTiers {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(nvme, "nvme");
    Objects.requireNonNull(kv, "kv");
  }

  public static MemoryTiers of(HostOffload weights) {
    return new MemoryTiers(Optional.of(weights), Optional.empty(), Optional.empty());
  }

  /** These tiers with weights on NVMe. */
  public MemoryTiers withNvme(NvmeOffload setting) {
    return new MemoryTiers(weights, Optional.of(setting), kv);
  }

  /** These tiers with KV cache in host memory. */
  public MemoryTiers withKv(HostKv setting) {
    return new MemoryTiers(weights, nvme, Optional.of(setting));
  }

  public boolean isEmpty() {
    return weights.isEmpty() && nvme.isEmpty() && kv.isEmpty();
  }

  /** First in the composition: the weights leave the GPU before anything else is sized. */
  @Override
  public int order() {
    return 10;
  }

  @Override
  public boolean changesIterations() {
    return true;
  }

  @Override
  public MemoryEstimate memory(MemoryEstimate gpu, InstanceModel instance) {
    return apply(gpu);
  }

  /** The iteration plus its transfers, not overlapped (docs/techniques.md). */
  @Override
  public double seconds(Batch batch, InstanceModel instance, Iteration next) {
    return next.seconds(batch) + transferSeconds(batch.shape());
  }

  /** One GPU's memory with these tiers applied (weights first, then the KV split). */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    MemoryEstimate m = gpu;
    if (weights.isPresent()) {
      m = weights.get().apply(m);
    }
    if (nvme.isPresent()) {
      m = nvme.get().apply(m);
    }
    if (kv.isPresent()) {
      m = kv.get().apply(m);
    }
    return m;
  }

  /** Seconds an iteration adds for transfers between the tiers and the GPU, no overlap. */
  public double transferSeconds(BatchShape shape) {
    double context = shape.decodeContextTokens();
    for (PrefillChunk c : shape.prefills()) {
      context += c.cachedTokens();
    }
    return transferSeconds(shape.tokens(), context);
  }

  /**
   * Seconds an iteration of {@code tokens} tokens attending to {@code contextTokens} tokens of
   * earlier context adds for transfers: offloaded weights (host, NVMe) in full, host-resident KV
   * for the context.
   */
  public double transferSeconds(double tokens, double contextTokens) {
    return weights.map(HostOffload::transferSeconds).orElse(0.0)
        + nvme.map(NvmeOffload::transferSeconds).orElse(0.0)
        + kv.map(k -> k.transferSeconds(contextTokens)).orElse(0.0);
  }
}
