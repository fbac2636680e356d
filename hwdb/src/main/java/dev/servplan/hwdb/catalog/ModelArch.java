package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of a decoder-only transformer, enough to count its parameters, FLOPs and KV
 * bytes. For MoE models {@code experts > 0}: {@code moeIntermediateSize} is one expert's FFN width,
 * {@code sharedExperts} are always active (each of width {@code moeIntermediateSize}), and the
 * first {@code denseLayers} layers use the dense FFN of width {@code intermediateSize}. For MLA,
 * {@code kvLoraRank} and {@code qkRopeHeadDim} set the per-token latent cache, {@code qLoraRank}
 * the query compression (0: a full-rank query projection), and {@code headDim} is the query/key
 * head width {@code qkNopeHeadDim + qkRopeHeadDim}.
 *
 * @param publishedParamsB the total parameter count the authors publish, in billions, to check the
 *     derived count against
 * @param vHeadDim width of one value head (equal to {@code headDim} except for MLA)
 * @param slidingWindow attention window in tokens that bounds the KV cache per layer; 0 when every
 *     layer attends to the whole context
 * @param parallelAttention attention and MLP read the same input in parallel (GPT-J, Falcon); the
 *     parameter count is unchanged but it is part of the published architecture
 */
public record ModelArch(
    String id,
    String displayName,
    String family,
    List<String> aliases,
    int layers,
    int hiddenSize,
    int heads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    int maxContext,
    AttentionKind attention,
    int experts,
    int expertsPerToken,
    int moeIntermediateSize,
    int sharedExperts,
    int denseLayers,
    int kvLoraRank,
    int qkRopeHeadDim,
    boolean gatedMlp,
    boolean tiedEmbeddings,
    Dtype nativeDtype,
    double publishedParamsB,
    String source,
    int qLoraRank,
    int qkNopeHeadDim,
    int vHeadDim,
    int slidingWindow,
    boolean parallelAttention) {
  public ModelArch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(family, "family");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(nativeDtype, "nativeDtype");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The original (pre-MLA-detail) shape, kept so existing callers compile: no query compression,
   * {@code vHeadDim = headDim}, no sliding window, sequential attention.
   */
  public ModelArch(
      String id,
      String displayName,
      String family,
      List<String> aliases,
      int layers,
      int hiddenSize,
      int heads,
      int kvHeads,
      int headDim,
      int intermediateSize,
      int vocabSize,
      int maxContext,
      AttentionKind attention,
      int experts,
      int expertsPerToken,
      int moeIntermediateSize,
      int sharedExperts,
      int denseLayers,
      int kvLoraRank,
      int qkRopeHeadDim,
      boolean gatedMlp,
      boolean tiedEmbeddings,
      Dtype nativeDtype,
      double publishedParamsB,
      String source) {
    this(
        id,
        displayName,
        family,
        aliases,
        layers,
        hiddenSize,
        heads,
        kvHeads,
        headDim,
        intermediateSize,
        vocabSize,
        maxContext,
        attention,
        experts,
        expertsPerToken,
        moeIntermediateSize,
        sharedExperts,
        denseLayers,
        kvLoraRank,
        qkRopeHeadDim,
        gatedMlp,
        tiedEmbeddings,
        nativeDtype,
        publishedParamsB,
        source,
        0,
        attention == AttentionKind.MLA ? headDim - qkRopeHeadDim : 0,
        headDim,
        0,
        false);
  }

  public boolean isMoe() {
    return experts > 0;
  }

  /** Layers whose FFN is a mixture of experts (all but the leading dense layers). */
  public int moeLayers() {
    return isMoe() ? layers - denseLayers : 0;
  }

  /** A copy under another id and name (the catalog renames imported configs). */
  public ModelArch withIdentity(
      String newId,
      String newDisplayName,
      List<String> newAliases,
      double newPublishedParamsB,
      String newSource) {
    return new ModelArch(
        newId,
        newDisplayName,
        family,
        newAliases,
        layers,
        hiddenSize,
        heads,
        kvHeads,
        headDim,
        intermediateSize,
        vocabSize,
        maxContext,
        attention,
        experts,
        expertsPerToken,
        moeIntermediateSize,
        sharedExperts,
        denseLayers,
        kvLoraRank,
        qkRopeHeadDim,
        gatedMlp,
        tiedEmbeddings,
        nativeDtype,
        newPublishedParamsB,
        newSource,
        qLoraRank,
        qkNopeHeadDim,
        vHeadDim,
        slidingWindow,
        parallelAttention);
  }
}
