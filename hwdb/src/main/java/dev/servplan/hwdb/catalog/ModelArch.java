package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Objects;

/**
 * The architecture of a decoder-only transformer, enough to count its parameters, FLOPs and KV
 * bytes. For MoE models {@code experts > 0}: {@code moeIntermediateSize} is one expert's FFN width,
 * {@code sharedExperts} are always active, and the first {@code denseLayers} layers use the dense FFN
 * of width {@code intermediateSize}. For MLA, {@code kvLoraRank} and {@code qkRopeHeadDim} set the
 * per-token latent cache.
 *
 * @param publishedParamsB the total parameter count the authors publish, in billions, to check the
 *     derived count against
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
    String source) {
  public ModelArch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(family, "family");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(nativeDtype, "nativeDtype");
    Objects.requireNonNull(source, "source");
  }

  public boolean isMoe() {
    return experts > 0;
  }
}
