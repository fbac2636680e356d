package dev.servplan.hwdb.catalog;

/** How a model's attention stores keys and values. */
public enum AttentionKind {
  /** Multi-head attention: one K and V head per query head. */
  MHA,
  /** Grouped-query attention (and multi-query, with one KV head). */
  GQA,
  /** Multi-head latent attention (DeepSeek-V2/V3): a compressed latent KV per token. */
  MLA
}
