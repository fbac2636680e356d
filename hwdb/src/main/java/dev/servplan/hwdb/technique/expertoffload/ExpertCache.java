package dev.servplan.hwdb.technique.expertoffload;

import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.WeightShards;
import dev.servplan.hwdb.instance.Batch;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;

/**
 * MoE expert offload with a cache of hot experts (HOBBIT, Tang et al. 2024; HybriMoE, Zhong et al.
 * 2025; ExpertFlow, He et al. 2024): of the {@code experts / ep} routed experts each GPU holds per
 * MoE layer, {@code cached} stay in GPU memory and the rest live in host DRAM; an iteration loads
 * every uncached expert its tokens are routed to over the host link, into a staging buffer of one
 * layer's uncached experts, before the layer computes (no overlap with compute, as for {@link
 * HostOffload}).
 *
 * <p>Routing is taken as uniform, which makes the cache's content irrelevant and the miss count
 * conservative next to the skewed popularity those papers exploit: with t tokens each routed to k
 * of E experts, a given expert is touched with probability 1 − (1 − k/E)^t, so a layer loads (E/ep
 * − C)·(1 − (1 − k/E)^t) experts on average.
 *
 * @param config the instance (an MoE model)
 * @param cached routed experts per MoE layer kept on each GPU, 0 ≤ cached < experts / ep
 * @param hostLink the CPU-to-GPU link of the GPU's host tier
 * @param expertBytes bytes of one routed expert's weights on one GPU (its tensor-parallel shard)
 * @param moeLayers MoE layers on the most loaded pipeline stage
 */
public record ExpertCache(
    InstanceConfig config, int cached, LinkSpec hostLink, double expertBytes, int moeLayers)
    implements InstanceTerm {
  /** The cache of {@code cached} experts per layer on {@code config}, sizes from the cost model. */
  public static ExpertCache of(InstanceConfig config, int cached, LinkSpec hostLink) {
    return new ExpertCache(
        config,
        cached,
        hostLink,
        WeightShards.expertBytes(config),
        WeightShards.moeLayersPerStage(config));
  }

  public ExpertCache {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(hostLink, "hostLink");
    if (!config.model().isMoe()) {
      throw new IllegalArgumentException(
          "expert offload needs a mixture-of-experts model, got '" + config.model().id() + "'");
    }
    if (cached < 0 || cached >= localExperts(config)) {
      throw new IllegalArgumentException(
          "cached experts must be in [0, "
              + localExperts(config)
              + ") for "
              + config.model().id()
              + " at ep="
              + config.ep()
              + ", got "
              + cached);
    }
  }

  /** Routed experts of one MoE layer on one GPU: {@code experts / ep}. */
  public static int localExperts(InstanceConfig config) {
    return config.model().experts() / config.ep();
  }

  /** Routed experts per layer per GPU kept in host memory. */
  public int offloaded() {
    return localExperts(config) - cached;
  }

  /** Bytes of one GPU's expert weights in host memory. */
  public Bytes hostBytes() {
    return new Bytes((double) moeLayers * offloaded() * expertBytes);
  }

  /** The staging buffer for one layer's uncached experts while that layer computes. */
  public Bytes bufferBytes() {
    return new Bytes(offloaded() * expertBytes);
  }

  /**
   * Expected uncached experts one layer loads for {@code tokens} tokens of one iteration: (E/ep −
   * C)·(1 − (1 − k/E)^t) under uniform routing.
   */
  public double expectedLoads(double tokens) {
    double e = config.model().experts();
    double k = config.model().expertsPerToken();
    return offloaded() * (1 - Math.pow(1 - k / e, Math.max(0, tokens)));
  }

  /** Seconds one iteration of {@code tokens} tokens spends loading missed experts, all layers. */
  public double transferSeconds(double tokens) {
    return moeLayers * expectedLoads(tokens) * expertBytes / hostLink.bandwidthBytesPerS();
  }

  /**
   * One GPU's memory with the uncached experts in host memory: their bytes leave the weights, the
   * staging buffer joins the overhead, and the difference goes to the KV budget.
   */
  public MemoryEstimate apply(MemoryEstimate gpu) {
    Bytes host = hostBytes();
    Bytes buffer = bufferBytes();
    return new MemoryEstimate(
        gpu.capacity(),
        gpu.usable(),
        gpu.weights().minus(host),
        gpu.activations(),
        gpu.overhead().plus(buffer),
        gpu.kvCapacity().plus(host).minus(buffer),
        gpu.kvBytesPerToken(),
        gpu.pageTokens());
  }

  /** After the offloaded weights, before anything that adds to the GPU's weights. */
  @Override
  public int order() {
    return 15;
  }

  @Override
  public boolean changesIterations() {
    return true;
  }

  @Override
  public MemoryEstimate memory(MemoryEstimate gpu, InstanceModel instance) {
    return apply(gpu);
  }

  /** The iteration plus the missed experts' loads for its tokens, not overlapped. */
  @Override
  public double seconds(Batch batch, InstanceModel instance, Iteration next) {
    return next.seconds(batch) + transferSeconds(batch.shape().tokens());
  }
}
