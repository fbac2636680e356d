package dev.servplan.compiler.technique.smpartition;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.Optional;
import java.util.Set;

/**
 * A unified group's intra-GPU prefill/decode partition: the share of every GPU's SMs the prefill
 * stream holds (the decode stream holds the rest), strictly between 0 and 1; see docs/techniques.md
 * "SM partitioning".
 */
public record SmSplit(double prefill) implements TechniqueSetting {
  public SmSplit {
    if (!(prefill > 0 && prefill < 1)) {
      throw new IllegalArgumentException("prefill SM share must be in (0, 1), got " + prefill);
    }
  }

  /** The decode stream's share, 1 − prefill. */
  public double decode() {
    return 1 - prefill;
  }

  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public Set<CostTerm> terms() {
    return Set.of(CostTerm.SM_STREAMS);
  }

  /** The group's SM partition, if its replicas run prefill and decode as concurrent streams. */
  public static Optional<SmSplit> of(Group group) {
    return group.techniques().get(Technique.SM_PARTITIONING, SmSplit.class);
  }
}
