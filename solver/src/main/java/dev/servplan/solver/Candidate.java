package dev.servplan.solver;

import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.instance.InstanceModel;
import java.util.Locale;

/**
 * One way to run one instance of a deployment on a pool: the instance (configuration and the terms
 * of the techniques it uses), batching knobs, its memory, the rate it sustains within the SLO
 * (scaled by {@code tighten} for the latency tiers of minimize-latency, tier 0 being the SLO
 * itself), its queueing model, and the plan settings of its techniques.
 */
record Candidate(
    int deployment,
    ResolvedPool pool,
    Role role,
    InstanceModel instance,
    int maxNumSeqs,
    int chunkTokens,
    MemoryEstimate memory,
    double capacity,
    int tier,
    QueueModel model,
    TechniqueSettings techniques) {

  /** This candidate credited with another capacity (a derating of the model's prediction). */
  Candidate withCapacity(double newCapacity) {
    return new Candidate(
        deployment,
        pool,
        role,
        instance,
        maxNumSeqs,
        chunkTokens,
        memory,
        newCapacity,
        tier,
        model,
        techniques);
  }

  InstanceConfig config() {
    return instance.config();
  }

  int gpus() {
    return config().gpus();
  }

  double costPerHour() {
    return pool.pricePerGpuHour().dollarsPerHour() * gpus();
  }

  /** A stable text key, used to order candidates deterministically. */
  String key() {
    InstanceConfig config = config();
    return String.format(
        Locale.ROOT,
        "%04d/%s/%s/t%d/tp%02d/pp%02d/ep%02d/%s/%s/n%05d/c%06d/%s",
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
        techniques);
  }
}
