package dev.servplan.hwdb.catalog;

import dev.servplan.hwdb.unit.Bytes;

/**
 * Parameter, weight and KV-cache arithmetic for a {@link ModelArch}. Counts are exact for the
 * matrices of a decoder-only transformer; biases (GPT-J's MLP, Qwen2's QKV) and the MoE
 * shared-expert gate are left out, which is below 0.1% for every catalog model. Notation: h =
 * hidden size, L = layers, n = heads, k = KV heads, d = head dim, f = FFN width, V = vocabulary.
 *
 * <ul>
 *   <li>attention (MHA/GQA) per layer: {@code h·n·d (Q) + 2·h·k·d (K,V) + n·d·h (O)}
 *   <li>attention (MLA) per layer: {@code h·q_lora + q_lora·n·(nope+rope)} (or {@code
 *       h·n·(nope+rope)} without query compression) {@code + h·(kv_lora+rope) + kv_lora·n·(nope+v)
 *       + n·v·h}, plus the two latent RMSNorms
 *   <li>FFN: {@code 3·h·f} gated (SwiGLU: gate, up, down) or {@code 2·h·f} plain (GPT-J, Falcon)
 *   <li>MoE layer: {@code (experts + shared)·FFN(moe width) + h·experts} (router); per token only
 *       {@code expertsPerToken + shared} experts run
 *   <li>norms: {@code 2·h} per layer plus the final {@code h}
 *   <li>embedding {@code V·h}; LM head another {@code V·h} unless tied
 *   <li>KV bytes per token, all layers: MHA/GQA {@code 2·L·k·d·bytes}; MLA {@code L·(kv_lora +
 *       rope)·bytes} (the compressed latent and the shared RoPE key)
 * </ul>
 */
public final class ModelMath {
  private ModelMath() {}

  /** Every weight of the model: what has to be stored. */
  public static long parameterCount(ModelArch m) {
    return embeddingParams(m)
        + lmHeadParams(m)
        + normParams(m)
        + (long) m.layers() * attentionParamsPerLayer(m)
        + (long) denseLayerCount(m) * denseFfnParamsPerLayer(m)
        + (long) m.moeLayers() * moeFfnParamsPerLayer(m);
  }

  /**
   * Weights touched by one token: attention, the dense FFNs, the routed top-k plus shared experts
   * and router of each MoE layer, norms, and the embedding and LM head (as published "active
   * parameter" counts do). Equals {@link #parameterCount} for dense models.
   */
  public static long activeParameterCount(ModelArch m) {
    return embeddingParams(m)
        + lmHeadParams(m)
        + normParams(m)
        + (long) m.layers() * attentionParamsPerLayer(m)
        + activeFfnParams(m);
  }

  /**
   * Weights that take part in a matrix multiply per token: {@link #activeParameterCount} less the
   * embedding table (a row lookup), plus the LM head even when it shares the embedding's storage.
   * Forward FLOPs per token are about {@code 2·activeMatmulParams + attentionFlopsPerToken}.
   */
  public static long activeMatmulParams(ModelArch m) {
    return activeParameterCount(m)
        - embeddingParams(m)
        - normParams(m)
        + (m.tiedEmbeddings() ? embeddingParams(m) : 0);
  }

  /**
   * FLOPs of the attention scores and weighted sum for one new token that attends to {@code
   * contextTokens} earlier tokens: {@code 2·L·n·(d_qk + d_v)·context} (QK^T and AV, 2 FLOPs per
   * multiply-add). A sliding window caps the context.
   */
  public static double attentionFlopsPerToken(ModelArch m, long contextTokens) {
    long context =
        m.slidingWindow() > 0 ? Math.min(contextTokens, m.slidingWindow()) : contextTokens;
    return 2.0 * m.layers() * m.heads() * (double) (m.headDim() + m.vHeadDim()) * context;
  }

  /**
   * KV-cache bytes one token occupies across all layers, at {@code kvDtype} (KIVI scales included).
   */
  public static Bytes kvBytesPerToken(ModelArch m, Dtype kvDtype) {
    return new Bytes(
        m.layers()
            * kvElementsPerTokenPerLayer(m)
            * dev.servplan.hwdb.technique.kvcompression.KvCompression.bytesPerElement(kvDtype));
  }

  /** Cached elements per token in one layer: {@code 2·k·d}, or {@code kv_lora + rope} for MLA. */
  public static long kvElementsPerTokenPerLayer(ModelArch m) {
    if (m.attention() == AttentionKind.MLA) {
      return (long) m.kvLoraRank() + m.qkRopeHeadDim();
    }
    return 2L * m.kvHeads() * m.headDim();
  }

  /** Bytes of all weights stored at {@code dtype} (quantization scales excluded). */
  public static Bytes weightBytes(ModelArch m, Dtype dtype) {
    return new Bytes(parameterCount(m) * dtype.bytesPerElement());
  }

  /** Attention projection weights of one layer (see the class comment for MHA/GQA and MLA). */
  public static long attentionParamsPerLayer(ModelArch m) {
    long h = m.hiddenSize();
    long n = m.heads();
    if (m.attention() == AttentionKind.MLA) {
      long qkHead = (long) m.qkNopeHeadDim() + m.qkRopeHeadDim();
      long q =
          m.qLoraRank() > 0
              ? h * m.qLoraRank() + (long) m.qLoraRank() * n * qkHead + m.qLoraRank()
              : h * n * qkHead;
      long kvDown = h * (m.kvLoraRank() + m.qkRopeHeadDim()) + m.kvLoraRank();
      long kvUp = (long) m.kvLoraRank() * n * (m.qkNopeHeadDim() + m.vHeadDim());
      long out = n * m.vHeadDim() * h;
      return q + kvDown + kvUp + out;
    }
    long d = m.headDim();
    return h * n * d + 2 * h * m.kvHeads() * d + n * d * h;
  }

  /** One dense FFN of width {@code intermediateSize}: {@code 3·h·f} gated, {@code 2·h·f} plain. */
  public static long denseFfnParamsPerLayer(ModelArch m) {
    return ffnParams(m, m.intermediateSize());
  }

  /** One expert (routed or shared) of width {@code moeIntermediateSize}. */
  public static long expertParams(ModelArch m) {
    return ffnParams(m, m.moeIntermediateSize());
  }

  /** The router of one MoE layer: {@code h·experts}. */
  public static long routerParamsPerLayer(ModelArch m) {
    return m.isMoe() ? (long) m.hiddenSize() * m.experts() : 0;
  }

  /** All FFN weights of one MoE layer: every routed and shared expert plus the router. */
  public static long moeFfnParamsPerLayer(ModelArch m) {
    if (!m.isMoe()) {
      return 0;
    }
    return (long) (m.experts() + m.sharedExperts()) * expertParams(m) + routerParamsPerLayer(m);
  }

  /**
   * FFN weights one token reads in one MoE layer: top-k routed plus shared experts, and the router.
   */
  public static long activeFfnParamsPerMoeLayer(ModelArch m) {
    if (!m.isMoe()) {
      return 0;
    }
    return (long) (m.expertsPerToken() + m.sharedExperts()) * expertParams(m)
        + routerParamsPerLayer(m);
  }

  /** FFN weights one token reads across all layers (dense layers plus active experts). */
  public static long activeFfnParams(ModelArch m) {
    return (long) denseLayerCount(m) * denseFfnParamsPerLayer(m)
        + (long) m.moeLayers() * activeFfnParamsPerMoeLayer(m);
  }

  /** Layers with a dense FFN: all of them for a dense model, the leading ones for MoE. */
  public static int denseLayerCount(ModelArch m) {
    return m.isMoe() ? m.denseLayers() : m.layers();
  }

  /** The input embedding table: {@code V·h}. */
  public static long embeddingParams(ModelArch m) {
    return (long) m.vocabSize() * m.hiddenSize();
  }

  /** The output projection: {@code V·h}, or 0 when it shares the embedding's weights. */
  public static long lmHeadParams(ModelArch m) {
    return m.tiedEmbeddings() ? 0 : embeddingParams(m);
  }

  /** Norm weights: two per layer (pre-attention and pre-FFN) and the final one, {@code h} each. */
  public static long normParams(ModelArch m) {
    return (2L * m.layers() + 1) * m.hiddenSize();
  }

  private static long ffnParams(ModelArch m, int width) {
    return (m.gatedMlp() ? 3L : 2L) * m.hiddenSize() * width;
  }
}
