package dev.servplan.hwdb.cost;

import java.util.Objects;
import java.util.Optional;

/**
 * What an instance keeps outside GPU memory: weights offloaded to host DRAM ({@link HostOffload})
 * and MoE experts served from host DRAM behind a GPU cache ({@link ExpertCache}); {@link #NONE}
 * when everything is on the GPUs. One place for the memory and the per-iteration transfer both the
 * solver and the simulator charge.
 */
public record MemoryTiers(Optional<HostOffload> weights, Optional<ExpertCache> experts) {
  public static final MemoryTiers NONE = new MemoryTiers(Optional.empty(), Optional.empty());

  public MemoryTiers {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(experts, "experts");
  }

  public static MemoryTiers of(HostOffload weights) {
    return new MemoryTiers(Optional.of(weights), Optional.empty());
  }

  public static MemoryTiers of(ExpertCache experts) {
    return new MemoryTiers(Optional.empty(), Optional.of(experts));
  }

  public boolean isEmpty() {
    return weights.isEmpty() && experts.isEmpty();
  }

  /** One GPU's memory with these tiers applied. */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    MemoryEstimate m = gpu;
    if (weights.isPresent()) {
      m = weights.get().apply(m);
    }
    if (experts.isPresent()) {
      m = experts.get().apply(m);
    }
    return m;
  }

  /** Seconds an iteration of {@code tokens} tokens adds for host-to-GPU transfers. */
  public double transferSeconds(double tokens) {
    return weights.map(HostOffload::transferSeconds).orElse(0.0)
        + experts.map(e -> e.transferSeconds(tokens)).orElse(0.0);
  }
}
