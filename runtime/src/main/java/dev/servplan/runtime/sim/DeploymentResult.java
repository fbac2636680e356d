package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Slo;
import java.util.List;
import java.util.Objects;

/**
 * What the simulation measured for one deployment.
 *
 * @param requests requests that completed
 * @param rejected requests the engine could never hold (context larger than an instance's KV cache)
 * @param requestsPerS completed requests per second of the measured span (first arrival to last
 *     completion)
 * @param sloAttainment share of requests (completed and rejected) that met every SLO metric
 * @param goodputRps requests per second that met every SLO metric
 * @param gpuUtilization share of instance-time spent running iterations (busy, not SM occupancy)
 * @param kvUtilization time-averaged share of KV-cache blocks in use
 * @param meanQueueLength time-averaged waiting requests per instance
 * @param maxQueueLength most requests ever waiting at one instance
 * @param attainmentTarget the spec's required attainment (0–1)
 * @param ttftCdf the TTFT distribution in milliseconds at histogram resolution, for charts
 * @param timeline the first requests' arrival, first token and finish (a bounded sample)
 */
public record DeploymentResult(
    String name,
    long requests,
    long rejected,
    Percentiles ttftMs,
    Percentiles tpotMs,
    Percentiles e2eMs,
    double requestsPerS,
    double outputTokensPerS,
    double sloAttainment,
    double goodputRps,
    long preemptions,
    double gpuUtilization,
    double kvUtilization,
    double meanQueueLength,
    int maxQueueLength,
    double spanS,
    double attainmentTarget,
    List<TargetCheck> targets,
    LatencyCdf ttftCdf,
    LatencyCdf tpotCdf,
    LatencyCdf e2eCdf,
    RequestTimeline timeline) {
  public DeploymentResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ttftMs, "ttftMs");
    Objects.requireNonNull(tpotMs, "tpotMs");
    Objects.requireNonNull(e2eMs, "e2eMs");
    targets = List.copyOf(targets);
    Objects.requireNonNull(ttftCdf, "ttftCdf");
    Objects.requireNonNull(tpotCdf, "tpotCdf");
    Objects.requireNonNull(e2eCdf, "e2eCdf");
    Objects.requireNonNull(timeline, "timeline");
  }

  /** The CDF of one metric, in milliseconds. */
  public LatencyCdf cdf(Slo.Metric metric) {
    switch (metric) {
      case TTFT:
        return ttftCdf;
      case TPOT:
        return tpotCdf;
      case E2E:
      default:
        return e2eCdf;
    }
  }

  public Percentiles metric(Slo.Metric metric) {
    switch (metric) {
      case TTFT:
        return ttftMs;
      case TPOT:
        return tpotMs;
      case E2E:
      default:
        return e2eMs;
    }
  }

  /** Whether the simulated attainment reaches the spec's. */
  public boolean attainmentMet() {
    return sloAttainment >= attainmentTarget;
  }
}
