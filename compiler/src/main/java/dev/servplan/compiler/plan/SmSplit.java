package dev.servplan.compiler.plan;

/**
 * A unified group's intra-GPU prefill/decode partition: the share of every GPU's SMs the prefill
 * stream holds (the decode stream holds the rest), strictly between 0 and 1; see docs/techniques.md
 * "SM partitioning".
 */
public record SmSplit(double prefill) {
  public SmSplit {
    if (!(prefill > 0 && prefill < 1)) {
      throw new IllegalArgumentException("prefill SM share must be in (0, 1), got " + prefill);
    }
  }

  /** The decode stream's share, 1 − prefill. */
  public double decode() {
    return 1 - prefill;
  }
}
