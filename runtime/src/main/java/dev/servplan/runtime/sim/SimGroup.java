package dev.servplan.runtime.sim;

import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.LoraServing;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.SmPartition;
import dev.servplan.hwdb.cost.SpeculativeStep;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Identical replicas of one engine configuration inside a deployment.
 *
 * @param label how reports name the group, e.g. {@code deployments[0].groups[1]}
 * @param maxNumSeqs the engine's cap on sequences in one batch (vLLM {@code max_num_seqs})
 * @param maxBatchedTokens tokens one iteration may process (vLLM {@code max_num_batched_tokens})
 * @param kvBlocks KV-cache blocks of {@link #BLOCK_TOKENS} tokens each replica has
 * @param kvBytesPerToken KV bytes one token of context takes on the whole instance (all layers and
 *     ranks), for the prefill → decode transfer
 * @param transferLink the link a prefill instance sends KV over (per GPU; all GPUs send in
 *     parallel)
 * @param prefixCaching whether requests' prefix-cache hits skip prefill here (the plan's {@code
 *     prefix_caching}); the blocks the cached prefix keeps resident are already taken out of {@code
 *     kvBlocks}
 * @param speculative the speculative-decoding step when the group decodes with a draft (the plan's
 *     {@code speculative}); {@code kvBlocks} then counts blocks that hold both models' KV
 * @param tiers the weights each GPU streams from host memory in every forward pass and the MoE
 *     experts it loads on a cache miss (the plan's {@code offload} and {@code expert_offload});
 *     every iteration pays their transfers
 * @param evictionBudget the most KV tokens a request keeps (the plan's {@code
 *     kv_compression.eviction_budget}): its blocks and the context its attention reads stop growing
 *     there
 * @param lora the LoRA adapters the group serves multiplexed (the plan's {@code lora}); the slots
 *     they occupy are already taken out of {@code kvBlocks}
 * @param smPartition the SM split of a unified group whose replicas run prefill and decode as
 *     concurrent streams (the plan's {@code sm_partition}), sharing {@code kvBlocks}
 */
public record SimGroup(
    String label,
    GroupRole role,
    InstanceConfig config,
    int instances,
    int maxNumSeqs,
    int maxBatchedTokens,
    long kvBlocks,
    double kvBytesPerToken,
    LinkSpec transferLink,
    double routingWeight,
    boolean prefixCaching,
    Optional<SpeculativeStep> speculative,
    MemoryTiers tiers,
    OptionalLong evictionBudget,
    Optional<LoraServing> lora,
    Optional<SmPartition> smPartition) {
  /**
   * KV-cache block size in tokens: vLLM's default {@code block_size=16} (docs.vllm.ai engine args).
   */
  public static final int BLOCK_TOKENS = 16;

  public SimGroup {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(transferLink, "transferLink");
    Objects.requireNonNull(speculative, "speculative");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(evictionBudget, "evictionBudget");
    Objects.requireNonNull(lora, "lora");
    Objects.requireNonNull(smPartition, "smPartition");
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
   * A group that keeps all its weights on the GPUs and every KV token, serves no LoRA adapters and
   * does not partition its SMs.
   */
  public SimGroup(
      String label,
      GroupRole role,
      InstanceConfig config,
      int instances,
      int maxNumSeqs,
      int maxBatchedTokens,
      long kvBlocks,
      double kvBytesPerToken,
      LinkSpec transferLink,
      double routingWeight,
      boolean prefixCaching,
      Optional<SpeculativeStep> speculative) {
    this(
        label,
        role,
        config,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching,
        speculative,
        MemoryTiers.NONE,
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A group with prefix caching on, the default of vLLM's V1 engine. */
  public SimGroup(
      String label,
      GroupRole role,
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
        config,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        true,
        Optional.empty());
  }

  public SimGroup withKvBlocks(long blocks) {
    return new SimGroup(
        label,
        role,
        config,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        blocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching,
        speculative,
        tiers,
        evictionBudget,
        lora,
        smPartition);
  }

  public SimGroup withInstances(int count) {
    return new SimGroup(
        label,
        role,
        config,
        count,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        prefixCaching,
        speculative,
        tiers,
        evictionBudget,
        lora,
        smPartition);
  }

  public SimGroup withPrefixCaching(boolean on) {
    return new SimGroup(
        label,
        role,
        config,
        instances,
        maxNumSeqs,
        maxBatchedTokens,
        kvBlocks,
        kvBytesPerToken,
        transferLink,
        routingWeight,
        on,
        speculative,
        tiers,
        evictionBudget,
        lora,
        smPartition);
  }
}
