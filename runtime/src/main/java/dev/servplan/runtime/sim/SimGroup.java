package dev.servplan.runtime.sim;

import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import java.util.Objects;

/**
 * Identical replicas of one engine configuration inside a deployment.
 *
 * @param label how reports name the group, e.g. {@code deployments[0].groups[1]}
 * @param instance the physics of one replica: configuration and the terms of the techniques it uses
 *     (the same instance model the solver costed, hwdb {@link InstanceModel}); its iteration times,
 *     decode slots, accepted tokens and kept context are what the simulator charges
 * @param maxNumSeqs the engine's cap on sequences in one batch (vLLM {@code max_num_seqs})
 * @param maxBatchedTokens tokens one iteration may process (vLLM {@code max_num_batched_tokens})
 * @param kvBlocks KV-cache blocks of {@link #BLOCK_TOKENS} tokens each replica has for running
 *     requests (a cached prefix's blocks already taken out)
 * @param kvBytesPerToken KV bytes one token of context takes on the whole instance (all layers and
 *     ranks), for the prefill → decode transfer
 * @param transferLink the link a prefill instance sends KV over (per GPU; all GPUs send in
 *     parallel)
 * @param routingWeight the group's planned rate per instance, its share of the deployment's traffic
 *     ({@link GroupRouter})
 * @param prefixCaching whether requests' prefix-cache hits skip prefill here (the plan's {@code
 *     prefix_caching})
 */
public record SimGroup(
    String label,
    GroupRole role,
    InstanceModel instance,
    int instances,
    int maxNumSeqs,
    int maxBatchedTokens,
    long kvBlocks,
    double kvBytesPerToken,
    LinkSpec transferLink,
    double routingWeight,
    boolean prefixCaching) {
  /**
   * KV-cache block size in tokens: vLLM's default {@code block_size=16} (docs.vllm.ai engine args).
   */
  public static final int BLOCK_TOKENS = 16;

  public SimGroup {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(transferLink, "transferLink");
    if (!(routingWeight > 0)) {
      throw new IllegalArgumentException(label + ": routing weight must be positive");
    }
    if (instances < 1 || maxNumSeqs < 1 || maxBatchedTokens < 1 || kvBlocks < 1) {
      throw new IllegalArgumentException(
          label
              + ": instances, max_num_seqs, max_num_batched_tokens"
              + " and KV blocks must all be >= 1");
    }
  }

  /**
   * A group of plain replicas (no technique) of {@code config} with prefix caching on, the default
   * of vLLM's V1 engine.
   */
  public SimGroup(
      String label,
      GroupRole role,
      CostModel costModel,
      InstanceConfig config,
      int instances,
      int maxNumSeqs,
      int maxBatchedTokens,
      long kvBlocks,
      double kvBytesPerToken,
      LinkSpec transferLink,
      double routingWeight) {
    this(
        label,
        role,
        InstanceModel.plain(
            costModel, config, MemoryOptions.DEFAULT.withMaxTokensPerIteration(maxBatchedTokens)),
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        true);
  }

  /** The replicas' configuration. */
  public InstanceConfig config() {
    return instance.config();
  }

  public SimGroup withKvBlocks(long blocks) {
    return new SimGroup(
        label,
        role,
        instance,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        blocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching);
  }

  public SimGroup withInstances(int count) {
    return new SimGroup(
        label,
        role,
        instance,
        count,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching);
  }

  public SimGroup withPrefixCaching(boolean on) {
    return new SimGroup(
        label,
        role,
        instance,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        on);
  }

  /** The group with replicas of another instance model (the tests' way to add a technique). */
  public SimGroup withInstance(InstanceModel model) {
    return new SimGroup(
        label,
        role,
        model,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching);
  }
}
