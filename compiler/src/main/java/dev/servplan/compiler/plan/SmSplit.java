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

  /**
   * The techniques a group combines with its SM partition that the two-stream model does not cost
   * (speculation, weight or expert offload, multiplexed LoRA adapters, a KV eviction budget): the
   * solver never plans them together, so a plan that does is refused by the verifier (P0607), the
   * SGLang emitter and the simulator. Empty when the group has no partition or none of them.
   */
  public static java.util.List<String> conflicts(Group g) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (g.smPartition().isEmpty()) {
      return out;
    }
    if (g.speculative().isPresent()) {
      out.add("speculative decoding");
    }
    if (g.offload().isPresent()) {
      out.add("weight offload");
    }
    if (g.expertOffload().isPresent()) {
      out.add("expert offload");
    }
    if (g.lora().isPresent() && !g.lora().get().merged()) {
      out.add("multiplexed LoRA adapters");
    }
    if (g.kvCompression().flatMap(KvCompressionSetting::evictionBudget).isPresent()) {
      out.add("a kv_compression eviction budget");
    }
    return out;
  }

  /** The decode stream's share, 1 − prefill. */
  public double decode() {
    return 1 - prefill;
  }
}
