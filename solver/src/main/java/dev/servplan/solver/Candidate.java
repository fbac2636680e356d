package dev.servplan.solver;

import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.SmPartition;
import java.util.Optional;

/**
 * One way to run one instance of a deployment on a pool: parallelism, precisions, batching knobs,
 * its memory, and the rate it sustains within the SLO (scaled by {@code tighten} for the latency
 * tiers of minimize-latency, tier 0 being the SLO itself), whether it caches the workload's shared
 * prompt prefix, whether it decodes speculatively with the deployment's draft, and the SM split of
 * a unified instance that runs prefill and decode as concurrent streams.
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
    Optional<SmPartition> smPartition) {

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
        "%04d/%s/%s/t%d/tp%02d/pp%02d/ep%02d/%s/%s/n%05d/c%06d/pc%d/sd%d/sm%03d",
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
        smPartition.map(p -> (int) Math.round(p.prefillShare() * 100)).orElse(0));
  }
}
