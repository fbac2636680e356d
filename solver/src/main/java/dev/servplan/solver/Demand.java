package dev.servplan.solver;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.compiler.workload.WorkloadModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What one deployment asks of an instance, in the numbers the queueing model uses: rate, length
 * distributions and arrival burstiness (from the deployment's {@link WorkloadModel}, the one the
 * simulator samples), prefix-cache savings, and the latency limits with the quantile each must hold
 * at.
 */
public final class Demand {
  /**
   * One latency limit: {@code metric} at quantile {@code q} must be at most {@code limitS} seconds.
   * {@code perRequest} marks the limit each request is judged by for attainment: the target at the
   * highest percentile of its metric.
   */
  public record Limit(
      Slo.Metric metric, double q, double limitS, Slo.Target target, boolean perRequest) {}

  public final ResolvedDeployment deployment;
  public final double rate;
  public final LengthDistribution input;
  public final LengthDistribution output;

  /** Whether instances serving this demand reuse the cached prefix (hits skip its prefill). */
  public final boolean reusesPrefix;

  /** Mean prompt tokens a prefix-cache hit saves per request. */
  public final double cachedPrefixTokens;

  /** Share of requests that hit the prefix cache, and the tokens a hit saves. */
  public final double prefixHitRate;

  public final double prefixTokens;

  /** Squared coefficient of variation of inter-arrival times. */
  public final double ca2;

  public final double attainment;
  public final List<Limit> limits;

  /** The demand as an instance with prefix caching sees it. */
  public Demand(ResolvedDeployment d) {
    this(d, true);
  }

  /**
   * The demand as an instance sees it with prefix caching on or off: off, every prompt token is
   * computed, as if the workload had no shared prefix.
   */
  public Demand(ResolvedDeployment d, boolean reusesPrefix) {
    this.deployment = d;
    this.reusesPrefix = reusesPrefix;
    WorkloadModel w = WorkloadModel.of(d.deployment().workload());
    rate = w.ratePerS();
    input = w.input();
    output = w.output();
    WorkloadModel.Prefix prefix = reusesPrefix ? w.prefix() : WorkloadModel.Prefix.NONE;
    cachedPrefixTokens = prefix.hitRate() * Math.min(prefix.sharedTokens(), input.mean());
    prefixHitRate = prefix.hitRate();
    prefixTokens = prefix.sharedTokens();
    // A trace's arrivals are Poisson at the stated rate here (ArrivalModel.of).
    ca2 = w.arrivals().ca2();
    attainment = d.deployment().slo().attainment().value().value();
    List<Limit> out = new ArrayList<>();
    List<Slo.Target> targets = d.deployment().slo().targets();
    long metrics = targets.stream().map(Slo.Target::metric).distinct().count();
    // The attainment is the share of requests that must meet every metric's per-request limit (the
    // target at its highest percentile, as the simulator judges requests). By the union bound,
    // holding
    // each of the k per-request limits at quantile 1 - (1 - attainment)/k guarantees it; a target's
    // own
    // percentile may ask for more. Lower-percentile targets are distribution limits at their own
    // percentile.
    double perMetric = metrics == 0 ? attainment : 1 - (1 - attainment) / metrics;
    for (Slo.Target t : targets) {
      boolean perRequest =
          targets.stream()
              .filter(o -> o.metric() == t.metric())
              .allMatch(o -> o.percentile().quantile() <= t.percentile().quantile());
      double q =
          perRequest ? Math.max(t.percentile().quantile(), perMetric) : t.percentile().quantile();
      out.add(new Limit(t.metric(), q, t.limit().value().seconds(), t, perRequest));
    }
    limits = List.copyOf(out);
  }

  /** Mean prompt tokens that must be computed (not served from the prefix cache). */
  public double prefillTokens() {
    return Math.max(1, input.mean() - cachedPrefixTokens);
  }

  /**
   * Prompt tokens to compute for a request at input quantile q. The prefix saving counts only when
   * hits are at least as common as q: otherwise the tail request is taken to be a miss.
   */
  public double prefillTokens(double q) {
    double saved = prefixHitRate >= q ? Math.min(prefixTokens, input.quantile(q)) : 0;
    return Math.max(1, input.quantile(q) - saved);
  }

  /**
   * KV-cache tokens an instance reserves for the shared prefix when caching is on: the prefix's
   * blocks stay resident so that later requests hit them, and are not available to running
   * requests.
   */
  public long reservedPrefixTokens() {
    return reusesPrefix ? Math.round(prefixTokens) : 0;
  }

  /** Whether the workload declares a shared prefix at all (whatever this demand's caching). */
  public static boolean hasPrefix(ResolvedDeployment d) {
    return d.deployment()
        .workload()
        .prefix()
        .filter(p -> p.sharedTokens().value() > 0 && p.hitRate().value().value() > 0)
        .isPresent();
  }

  public boolean has(Slo.Metric metric) {
    return limits.stream().anyMatch(l -> l.metric() == metric);
  }
}
