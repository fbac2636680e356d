package dev.servplan.compiler.ir;

/**
 * A serving technique from the literature that a plan may use, each behind an option of the same
 * key. Those not {@link #modelled()} yet are accepted but cannot change a plan: the solver treats
 * {@code auto} as {@code never} for them and lowering warns (W0004) when one is set to {@code
 * always}.
 */
public enum Technique {
  SM_PARTITIONING("sm_partitioning", "SM partitioning between prefill and decode", true),
  OFFLOAD("offload", "weight offload to host memory", true),
  KV_COMPRESSION("kv_compression", "KV-cache compression", true),
  PREFIX_CACHING("prefix_caching", "prefix caching", true),
  LORA("lora", "multi-LoRA adapter serving", true),
  EXPERT_OFFLOAD("expert_offload", "MoE expert offload", true),
  SPECULATIVE_DECODING("speculative_decoding", "speculative decoding", true);

  private final String id;
  private final String title;
  private final boolean modelled;

  Technique(String id, String title, boolean modelled) {
    this.id = id;
    this.title = title;
    this.modelled = modelled;
  }

  /** The option key, e.g. {@code prefix_caching}. */
  public String id() {
    return id;
  }

  /** A human name for messages. */
  public String title() {
    return title;
  }

  /** Whether servplan's cost model, solver and simulator implement the technique. */
  public boolean modelled() {
    return modelled;
  }
}
