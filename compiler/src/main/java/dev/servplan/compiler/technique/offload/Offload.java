package dev.servplan.compiler.technique.offload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.Optional;
import java.util.Set;

/**
 * A group's memory tiers (docs/techniques.md, "Memory tiers (offload)"), per GPU: GiB of the weight
 * shard kept in host DRAM (the engines' {@code --cpu-offload-gb}) and on NVMe, streamed in every
 * forward pass, and GiB of KV cache in host DRAM, read by attention in every iteration. Each figure
 * is 0 when that tier is unused (the plan omits its key); at least one is positive. Absent on a
 * group that keeps everything on the GPUs.
 */
public record Offload(double weightsHostGib, double weightsNvmeGib, double kvHostGib)
    implements TechniqueSetting {
  public Offload {
    check(weightsHostGib, "offloaded weights");
    check(weightsNvmeGib, "weights on NVMe");
    check(kvHostGib, "KV cache in host memory");
    if (!(weightsHostGib + weightsNvmeGib + kvHostGib > 0)) {
      throw new IllegalArgumentException("an offload block needs at least one positive tier");
    }
  }

  /** Weights in host DRAM only, as plans written before the NVMe and KV tiers existed. */
  public Offload(double weightsHostGib) {
    this(weightsHostGib, 0, 0);
  }

  private static void check(double gib, String what) {
    if (!(gib >= 0) || Double.isInfinite(gib)) {
      throw new IllegalArgumentException(what + " must be a GiB figure >= 0, got " + gib);
    }
  }

  /** Whether a tier no target engine runs is used: weights on NVMe or KV cache in host memory. */
  public boolean beyondEngines() {
    return weightsNvmeGib > 0 || kvHostGib > 0;
  }

  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public Set<CostTerm> terms() {
    return Set.of(CostTerm.HOST_TRANSFER);
  }

  /** The group's memory tiers, if anything leaves GPU memory. */
  public static Optional<Offload> of(Group group) {
    return group.techniques().get(Technique.OFFLOAD, Offload.class);
  }
}
