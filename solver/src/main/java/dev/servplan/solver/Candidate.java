package dev.servplan.solver;

import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.SmPartition;
import java.util.Optional;

/**
 * One way to run one instance of a deployment on a pool: parallelism, precisions, batching knobs,
 * its memory, and the rate it sustains within the SLO (scaled by {@code tighten} for the latency
 * tiers of minimize-latency, tier 0 being the SLO itself), whether it caches the workload's shared
 * prompt prefix, whether it decodes speculatively with the deployment's draft, the weights it and
 * experts it keeps in host memory ({@code tiers}; {@code memory} is then the GPU's memory after
 * offload), and the lossy KV compression it uses (a format beyond the spec's precisions, an
 * eviction budget), and whether it serves the deployment's single LoRA adapter merged into the
 * weights (its model then carries no LoRA setting; a multiplexed candidate's is in {@link
 * QueueModel#lora()}), and the SM split of a unified instance that runs prefill and decode as
 * concurrent streams.
 */
record Candidate(
    int deployment,
    ResolvedPool pool,
    Role role,
    InstanceConfig config,
    int maxNumSeqs,
    int chunkTokens,
    MemoryEstimate memory,
    double capacity,
    int tier,
    QueueModel model,
    boolean prefixCaching,
    boolean speculative,
    MemoryTiers tiers,
    Optional<KvCompressionSetting> kvCompression,
    boolean loraMerged,
    Optional<SmPartition> smPartition) {

  /** A candidate that keeps all its weights on the GPU. */
  Candidate(
      int deployment,
      ResolvedPool pool,
      Role role,
      InstanceConfig config,
      int maxNumSeqs,
      int chunkTokens,
      MemoryEstimate memory,
      double capacity,
      int tier,
      QueueModel model,
      boolean prefixCaching,
      boolean speculative) {
    this(
        deployment,
        pool,
        role,
        config,
        maxNumSeqs,
        chunkTokens,
        memory,
        capacity,
        tier,
        model,
        prefixCaching,
        speculative,
        MemoryTiers.NONE,
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** A candidate without lossy KV compression. */
  Candidate(
      int deployment,
      ResolvedPool pool,
      Role role,
      InstanceConfig config,
      int maxNumSeqs,
      int chunkTokens,
      MemoryEstimate memory,
      double capacity,
      int tier,
      QueueModel model,
      boolean prefixCaching,
      boolean speculative,
      MemoryTiers tiers) {
    this(
        deployment,
        pool,
        role,
        config,
        maxNumSeqs,
        chunkTokens,
        memory,
        capacity,
        tier,
        model,
        prefixCaching,
        speculative,
        tiers,
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** A candidate that serves no LoRA adapter merged into its weights. */
  Candidate(
      int deployment,
      ResolvedPool pool,
      Role role,
      InstanceConfig config,
      int maxNumSeqs,
      int chunkTokens,
      MemoryEstimate memory,
      double capacity,
      int tier,
      QueueModel model,
      boolean prefixCaching,
      boolean speculative,
      MemoryTiers tiers,
      Optional<KvCompressionSetting> kvCompression) {
    this(
        deployment,
        pool,
        role,
        config,
        maxNumSeqs,
        chunkTokens,
        memory,
        capacity,
        tier,
        model,
        prefixCaching,
        speculative,
        tiers,
        kvCompression,
        false,
        Optional.empty());
  }

  int gpus() {
    return config.gpus();
  }

  double costPerHour() {
    return pool.pricePerGpuHour().dollarsPerHour() * gpus();
  }

  /** A stable text key, used to order candidates deterministically. */
  String key() {
    return String.format(
        java.util.Locale.ROOT,
        "%04d/%s/%s/t%d/tp%02d/pp%02d/ep%02d/%s/%s/n%05d/c%06d/pc%d/sd%d%s/kc%s/lm%d/sm%03d",
        deployment,
        pool.name(),
        role.id(),
        tier,
        config.tp(),
        config.pp(),
        config.ep(),
        config.weightDtype().id(),
        config.kvDtype().id(),
        maxNumSeqs,
        chunkTokens,
        prefixCaching ? 1 : 0,
        speculative ? 1 : 0,
        tiers
                .weights()
                .map(o -> String.format(java.util.Locale.ROOT, "/off%04.0f", o.weightsHost().gib()))
                .orElse("")
            + tiers
                .experts()
                .map(e -> String.format(java.util.Locale.ROOT, "/xc%03d", e.cached()))
                .orElse(""),
        kvCompression
            .map(k -> k.evictionBudget().map(b -> String.format("%08d", b)).orElse("-"))
            .orElse(""),
        loraMerged ? 1 : 0,
        smPartition.map(p -> (int) Math.round(p.prefillShare() * 100)).orElse(0));
  }
}
