package dev.servplan.hwdb.cost;

import java.util.Objects;
import java.util.Optional;

/**
 * What an instance keeps outside GPU memory: weights offloaded to host DRAM ({@link HostOffload})
 * or to NVMe ({@link NvmeOffload}), KV cache in host DRAM ({@link HostKv}) and MoE experts served
 * from host DRAM behind a GPU cache ({@link ExpertCache}); {@link #NONE} when everything is on the
 * GPUs. One place for the memory and the per-iteration transfer both the solver and the simulator
 * charge.
 */
public record MemoryTiers(
    Optional<HostOffload> weights,
    Optional<ExpertCache> experts,
    Optional<NvmeOffload> nvme,
    Optional<HostKv> kv) {
  public static final MemoryTiers NONE =
      new MemoryTiers(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public MemoryTiers {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(experts, "experts");
    Objects.requireNonNull(nvme, "nvme");
    Objects.requireNonNull(kv, "kv");
  }

  public MemoryTiers(Optional<HostOffload> weights, Optional<ExpertCache> experts) {
    this(weights, experts, Optional.empty(), Optional.empty());
  }

  public static MemoryTiers of(HostOffload weights) {
    return new MemoryTiers(Optional.of(weights), Optional.empty());
  }

  public static MemoryTiers of(ExpertCache experts) {
    return new MemoryTiers(Optional.empty(), Optional.of(experts));
  }

  /** These tiers with weights on NVMe. */
  public MemoryTiers withNvme(NvmeOffload setting) {
    return new MemoryTiers(weights, experts, Optional.of(setting), kv);
  }

  /** These tiers with KV cache in host memory. */
  public MemoryTiers withKv(HostKv setting) {
    return new MemoryTiers(weights, experts, nvme, Optional.of(setting));
  }

  public boolean isEmpty() {
    return weights.isEmpty() && experts.isEmpty() && nvme.isEmpty() && kv.isEmpty();
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
    if (experts.isPresent()) {
      m = experts.get().apply(m);
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
   * earlier context adds for transfers: offloaded weights (host, NVMe) in full, missed experts for
   * the tokens, host-resident KV for the context.
   */
  public double transferSeconds(double tokens, double contextTokens) {
    return weights.map(HostOffload::transferSeconds).orElse(0.0)
        + nvme.map(NvmeOffload::transferSeconds).orElse(0.0)
        + experts.map(e -> e.transferSeconds(tokens)).orElse(0.0)
        + kv.map(k -> k.transferSeconds(contextTokens)).orElse(0.0);
  }
}
