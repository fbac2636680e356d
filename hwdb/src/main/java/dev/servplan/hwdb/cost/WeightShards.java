package dev.servplan.hwdb.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * The weight shard one GPU of an instance holds on its most loaded pipeline stage, in the pieces
 * that techniques move off the GPU: per-layer tensor classes, and the bytes of one routed expert.
 * Computed from the same prepared instance the cost model uses.
 */
public final class WeightShards {
  private WeightShards() {}

  /** A tensor class of one layer on one GPU: {@code count} identical units of {@code bytes}. */
  public record TensorClass(String name, int count, double bytes) {}

  /**
   * The per-layer weight classes of one GPU's shard that the engines can offload: the attention
   * projections of a layer, the dense FFN of a dense layer, the routed experts plus shared parts of
   * an MoE layer. Embeddings, the LM head and norms stay on the GPU.
   */
  public static List<TensorClass> offloadable(InstanceConfig config) {
    PreparedInstance p = new PreparedInstance(config);
    List<TensorClass> classes = new ArrayList<>();
    classes.add(
        new TensorClass(
            "attention", p.layersPerStage, sum(p.attentionGemms) * p.weightBytesPerElement));
    int moeLayers = (int) Math.round(p.moeLayersPerStage);
    int denseLayers = p.layersPerStage - moeLayers;
    if (denseLayers > 0) {
      classes.add(
          new TensorClass("mlp", denseLayers, sum(p.denseFfnGemms) * p.weightBytesPerElement));
    }
    if (moeLayers > 0) {
      double localExperts = (double) config.model().experts() / p.ep;
      classes.add(
          new TensorClass(
              "moe",
              moeLayers,
              (sum(p.moeSharedGemms) + localExperts * sum(p.expertGemms))
                  * p.weightBytesPerElement));
    }
    return List.copyOf(classes);
  }

  /** Bytes of one routed expert's weights on one GPU (its tensor-parallel shard). */
  public static double expertBytes(InstanceConfig config) {
    PreparedInstance p = new PreparedInstance(config);
    return sum(p.expertGemms) * p.weightBytesPerElement;
  }

  /** MoE layers on the most loaded pipeline stage. */
  public static int moeLayersPerStage(InstanceConfig config) {
    return (int) Math.round(new PreparedInstance(config).moeLayersPerStage);
  }

  private static double sum(List<Gemm> gemms) {
    double total = 0;
    for (Gemm g : gemms) {
      total += g.weightElements();
    }
    return total;
  }
}
