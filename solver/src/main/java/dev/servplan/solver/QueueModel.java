package dev.servplan.solver;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.workload.StandardNormal;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.solver.technique.QueueOverride;
import dev.servplan.solver.technique.TechniqueRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Latency of one instance under a Poisson-like request stream at rate λ, built on the cost model's
 * iteration time: a Little's-law fixed point for the steady-state batch, a Kingman G/G/1 queue for
 * prompts waiting to be prefilled, and exponential waiting-time tails. The equations are in
 * docs/solver.md ("Queueing model"); every latency here is in seconds.
 */
public final class QueueModel {
  /** Utilization cap of the prefill queue: above it waiting times explode for any burstiness. */
  public static final double MAX_RHO = 0.95;

  /** Share of an end-to-end target a disaggregated prefill may use; decode gets the rest. */
  static final double E2E_PREFILL_SHARE = 0.25;

  /** Range of quantiles over which the predicted attainment is searched. */
  static final double MIN_SHARE = 0.5;

  /** Standard-normal z of the concurrency quantile the KV cache must hold (99%). */
  public static final double KV_BATCH_Z = StandardNormal.Z99;

  /** Length quantile of the one long request the KV cache must also hold. */
  public static final double KV_TAIL_Q = 0.99;

  /** Output-length quantile taken as the typical short request when estimating the TPOT tail. */
  public static final double SHORT_OUTPUT_Q = 0.25;

  static final double MAX_SHARE = 0.9999;

  private final InstanceModel instance;
  private final Role role;
  private final Demand demand;
  private final int maxNumSeqs;
  private final int chunkTokens;
  private final long kvTokens;

  /** Seconds to move one request's KV cache from a prefill to a decode instance, per token. */
  private final double transferPerTokenS;

  private final double transferLatencyS;

  /** Mean context of a decoding sequence (prompt plus half its output), as the request keeps it. */
  private final double decodeContext;

  /** A technique's own queueing model of this instance (SM partitioning's two streams), if any. */
  private final Optional<QueueOverride> override;

  /** Iteration seconds by integer shape (decodes, chunk tokens); shared by this model's copies. */
  private final ShapeMemo iterations;

  /** The output strata and prompt points of the TPOT tail (unified role). */
  private final TpotTail.Strata tpotStrata;

  /**
   * The queueing model of {@code instance} in {@code role} under {@code demand}: at most {@code
   * maxNumSeqs} sequences and {@code chunkTokens} tokens per iteration, {@code kvTokens} of KV
   * cache for running requests, and for a prefill instance the KV hand-off to decode ({@code
   * transferPerTokenS} per prompt token after {@code transferLatencyS}).
   */
  public QueueModel(
      InstanceModel instance,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS) {
    this(
        instance,
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        transferPerTokenS,
        transferLatencyS,
        new ShapeMemo());
  }

  private QueueModel(
      InstanceModel instance,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS,
      ShapeMemo iterations) {
    this.instance = instance;
    this.role = role;
    this.demand = demand;
    this.maxNumSeqs = maxNumSeqs;
    this.chunkTokens = chunkTokens;
    this.kvTokens = kvTokens;
    this.transferPerTokenS = transferPerTokenS;
    this.transferLatencyS = transferLatencyS;
    this.iterations = iterations;
    this.decodeContext = kept(demand.input.mean() + demand.output.mean() / 2);
    this.tpotStrata = TpotTail.Strata.of(demand, instance.tokensPerStep());
    this.override = TechniqueRegistry.queueOverride(this);
  }

  /** The instance this model queues requests for. */
  public InstanceModel instance() {
    return instance;
  }

  public Role role() {
    return role;
  }

  public Demand demand() {
    return demand;
  }

  public int maxNumSeqs() {
    return maxNumSeqs;
  }

  public int chunkTokens() {
    return chunkTokens;
  }

  /** Tokens of a context the request keeps (all of them, unless a technique evicts). */
  public double kept(double contextTokens) {
    return instance.keptTokens(contextTokens);
  }

  /** Mean tokens a decoding sequence gains per iteration (E with a multi-pass step, else 1). */
  public double tokensPerStep() {
    return instance.tokensPerStep();
  }

  /** Token-budget slots one decoding sequence takes per iteration (k + 1 with a draft). */
  private int slotsPerDecode() {
    return instance.decodeSlots();
  }

  /**
   * The steady state at one arrival rate; {@code unstable} names the limit it broke, or is null.
   */
  public record Point(
      double lambda,
      String unstable,
      double iterS,
      double batch,
      double rho,
      double waitMeanS,
      double availTokens) {
    public boolean stable() {
      return unstable == null;
    }
  }

  /**
   * Mean seconds per iteration with {@code decodes} sequences decoding while prompt tokens arrive
   * at {@code prefillTokensPerS}: the mixture of full-chunk and decode-only iterations (see {@link
   * Mix}).
   */
  double step(double decodes, double prefillTokensPerS) {
    if (prefillTokensPerS <= 0) {
      return iteration(decodes, 0);
    }
    Mix mix = mix(decodes, prefillTokensPerS);
    return mix.share >= 1 ? Double.POSITIVE_INFINITY : mix.mean();
  }

  /** Seconds of one iteration with {@code decode} decoding sequences and a prefill chunk. */
  double iteration(double decode, double prefillTokens) {
    int seqs = (int) Math.ceil(decode - 1e-9);
    int chunk = (int) Math.ceil(prefillTokens - 1e-9);
    // The fixed-point and capacity searches revisit the same integer shapes many times.
    long key = ShapeMemo.key(Math.max(0, seqs), chunk);
    double known = iterations.get(key);
    if (!Double.isNaN(known)) {
      return known;
    }
    double seconds = iterationUncached(seqs, chunk);
    iterations.put(key, seconds);
    return seconds;
  }

  private double iterationUncached(int seqs, int chunk) {
    List<PrefillChunk> prefills =
        chunk > 0
            ? List.of(new PrefillChunk(chunk, Math.round(kept(demand.input.mean() / 2))))
            : List.of();
    BatchShape shape =
        new BatchShape(
            prefills, Math.max(0, seqs), seqs > 0 ? Math.round(seqs * decodeContext) : 0);
    if (shape.isEmpty()) {
      shape = BatchShape.decode(1, decodeContext);
    }
    // The techniques' terms (transfers, adapter kernels, a multi-pass step) are the instance
    // model's, with their expectations for what the shape does not say.
    return instance.seconds(shape);
  }

  Point at(double lambda) {
    // A request stays in the batch for o / E iterations: E tokens per iteration (E = 1 plainly).
    double o = demand.output.mean() / tokensPerStep();
    double p = demand.prefillTokens();
    switch (role) {
      case PREFILL:
        {
          double tFull = iteration(0, chunkTokens);
          double mu = chunkTokens / tFull;
          return queue(lambda, tFull, 0, chunkTokens, mu, p);
        }
      case DECODE:
        return steadyState(lambda, o, 0);
      case UNIFIED:
      default:
        {
          if (override.isPresent()) {
            return override.get().at(lambda);
          }
          Point pt = steadyState(lambda, o, p);
          if (!pt.stable()) {
            return pt;
          }
          double b = pt.batch();
          double avail = chunkTokens - Math.ceil(b - 1e-9) * slotsPerDecode();
          if (avail < 1) {
            return new Point(lambda, "max_num_batched_tokens", pt.iterS(), b, 1, 0, 0);
          }
          double tFull = iteration(b, avail);
          return queue(lambda, tFull, b, avail, avail / tFull, p);
        }
    }
  }

  /**
   * The steady-state iteration time t solving {@code t = T(λ·o·t decodes, λ·p·t prefill tokens)}
   * (Little's law: a request decodes for o iterations, and each iteration must absorb the prompt
   * tokens that arrive during it). Found by bracketing and bisection, which unlike plain iteration
   * cannot oscillate on the integer rounding of the batch.
   */
  private Point steadyState(double lambda, double o, double p) {
    double lo = iteration(lambda > 0 ? 1 : 0, 0) * 0.5;
    double hi = lo;
    // Grow hi until T(hi) <= hi: the smallest fixed point lies below. The limits are judged at
    // the fixed point, not on the way: a bracket that overshoots a limit says nothing about the
    // steady state (judging it there refused stable loads when hi jumped past max_num_seqs).
    for (int k = 0; step(lambda * o * hi, lambda * p) > hi; k++) {
      // The fixed point lies above hi: past max_num_seqs it cannot be a steady state.
      if (k >= 80 || lambda * o * hi > maxNumSeqs) {
        String why = limits(lambda * o * hi, lambda * p * hi);
        return new Point(lambda, why == null ? "batch" : why, hi, lambda * o * hi, 1, 0, 0);
      }
      lo = hi;
      hi *= 1.5;
    }
    double t = fixedPoint(lambda, o, p, lo, hi);
    String why = limits(lambda * o * t, lambda * p * t);
    if (why != null) {
      return new Point(lambda, why, t, lambda * o * t, 1, 0, 0);
    }
    return new Point(lambda, null, t, lambda * o * t, 0, 0, 0);
  }

  /** The smallest t in [lo, hi] with T(t) <= t, given T(hi) <= hi (bisection). */
  private double fixedPoint(double lambda, double o, double p, double lo, double hi) {
    for (int k = 0; k < 40 && hi - lo > 1e-9 + 1e-6 * hi; k++) {
      double mid = (lo + hi) / 2;
      if (step(lambda * o * mid, lambda * p) <= mid) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private String limits(double b, double pre) {
    String why = decodeLimits(b);
    if (why == null
        && role == Role.UNIFIED
        && Math.ceil(b - 1e-9) * slotsPerDecode() + pre > chunkTokens) {
      why = "max_num_batched_tokens";
    }
    return why;
  }

  /**
   * Whether the KV-cache limit decided some SLO check of this model: a steady state refused for
   * lack of KV cache that the same instance with unbounded KV would have passed. A model for which
   * that never happened reaches the same capacity with any amount of extra KV, so moving memory off
   * the GPU cannot raise its capacity, only slow its iterations (see {@link CandidateEnumerator}'s
   * memory-pressure rule).
   */
  private boolean kvBound;

  /** See {@link #kvBound}. */
  boolean kvBound() {
    return kvBound;
  }

  public String decodeLimits(double b) {
    if (b > maxNumSeqs) {
      return "max_num_seqs";
    }
    // Concurrency fluctuates around its mean b (Poisson-like, sd √b): the KV cache must hold the
    // 99th-percentile batch, one of its sequences a tail-length request, or the engine preempts and
    // recomputes under bursts (the simulator shows the collapse).
    double b99 = b + KV_BATCH_Z * Math.sqrt(b);
    double meanContext = kept(demand.input.mean() + demand.output.mean());
    double tailContext = kept(demand.input.quantile(KV_TAIL_Q) + demand.output.quantile(KV_TAIL_Q));
    if (Math.max(0, b99 - 1) * meanContext + Math.max(meanContext, tailContext) > kvTokens) {
      return "kv cache";
    }
    if (b > 1e6) {
      return "batch";
    }
    return null;
  }

  /** Kingman's G/G/1 mean wait for prompts served at {@code mu} tokens/s. */
  private Point queue(double lambda, double tFull, double b, double avail, double mu, double p) {
    double rho = lambda * p / mu;
    if (rho >= MAX_RHO) {
      return new Point(
          lambda, "prefill utilization", tFull, b, rho, Double.POSITIVE_INFINITY, avail);
    }
    double service = p / mu;
    double wait = rho / (1 - rho) * (demand.ca2 + demand.input.cv2()) / 2 * service;
    double t = role == Role.PREFILL ? tFull : iterationMean(b, lambda * p);
    return new Point(lambda, null, t, b, rho, wait, avail);
  }

  private double iterationMean(double b, double prefillRate) {
    double t = iteration(b, 0);
    // The mean iteration carries prefillRate·t prompt tokens; one refinement step is enough here
    // because the fixed point in at() already settled on the same value.
    return iteration(b, Math.min(chunkTokens - b * slotsPerDecode(), prefillRate * t));
  }

  /** q-quantile of the waiting time, from an exponential tail with the Kingman mean. */
  public static double waitQuantile(Point pt, double q) {
    if (pt.rho() <= 1 - q || pt.waitMeanS() <= 0) {
      return 0;
    }
    return pt.waitMeanS() / pt.rho() * Math.log(pt.rho() / (1 - q));
  }

  double ttft(Point pt, double q) {
    if (override.isPresent()) {
      return override.get().ttft(pt, q);
    }
    double tokens = demand.prefillTokens(q);
    double avail = role == Role.PREFILL ? chunkTokens : pt.availTokens();
    double chunks = Math.ceil(tokens / avail);
    double perChunk = iteration(role == Role.PREFILL ? 0 : pt.batch(), Math.min(tokens, avail));
    double residual = role == Role.PREFILL ? pt.rho() * perChunk / 2 : pt.iterS() / 2;
    double ttft = waitQuantile(pt, q) + chunks * perChunk + residual;
    if (role == Role.PREFILL) {
      ttft += transferLatencyS + demand.input.quantile(q) * transferPerTokenS;
    }
    return ttft;
  }

  double tpot(Point pt, double q) {
    if (override.isPresent()) {
      return override.get().tpot(pt, q);
    }
    if (role == Role.DECODE) {
      return decodeTpot(pt, q);
    }
    return tpotTail(pt).quantile(q);
  }

  /**
   * Share of requests whose TPOT exceeds {@code limitS}; for a unified instance read directly off
   * the {@link TpotTail}, otherwise by bisection on {@link #tpot}.
   */
  double tpotMiss(Point pt, double limitS) {
    if (override.isEmpty() && role == Role.UNIFIED) {
      return tpotTail(pt).exceeds(limitS);
    }
    return bisectedOver(pt, Slo.Metric.TPOT, limitS);
  }

  /** The last TPOT tail built and its point: meets() and the union bound ask for it in turn. */
  private record CachedTail(Point point, TpotTail tail) {}

  private volatile CachedTail lastTail;

  private TpotTail tpotTail(Point pt) {
    CachedTail cached = lastTail;
    if (cached != null && cached.point().equals(pt)) {
      return cached.tail();
    }
    TpotTail tail = buildTail(pt);
    lastTail = new CachedTail(pt, tail);
    return tail;
  }

  private TpotTail buildTail(Point pt) {
    return new TpotTail(
        tpotStrata,
        this::iteration,
        pt.lambda(),
        pt.batch(),
        maxNumSeqs,
        pt.availTokens(),
        tokensPerStep());
  }

  /** TPOT of a decode instance: its iteration at the q-quantile batch (Poisson-like, sd √b). */
  private double decodeTpot(Point pt, double q) {
    double z = Math.max(0, StandardNormal.quantile(q));
    double bq = Math.min(maxNumSeqs, pt.batch() + z * Math.sqrt(pt.batch()));
    return iteration(bq, 0) / tokensPerStep();
  }

  /**
   * Per-token time an E2E limit multiplies by the output quantile: the iteration mixture's mean
   * plus z standard deviations of the share of chunk-bearing iterations at the q-quantile batch.
   * For a long output the chunks average out, so this is not the per-request TPOT tail of {@link
   * TpotTail}, whose short requests would count a long prompt's chunks against every token.
   */
  private double e2eTokenS(Point pt, double q) {
    if (override.isPresent()) {
      return override.get().tpot(pt, q);
    }
    if (role == Role.DECODE) {
      return decodeTpot(pt, q);
    }
    double z = Math.max(0, StandardNormal.quantile(q));
    double bq = Math.min(maxNumSeqs, pt.batch() + z * Math.sqrt(pt.batch()));
    Mix mix = mix(bq, pt.lambda() * demand.prefillTokens());
    double n = Math.max(1, demand.output.quantile(SHORT_OUTPUT_Q));
    double run =
        Math.max(
            1,
            demand.prefillTokens()
                / Math.max(
                    1,
                    Math.min(
                        chunkTokens - Math.ceil(bq - 1e-9) * slotsPerDecode(),
                        demand.prefillTokens())));
    double sd =
        (mix.full - mix.decodeOnly) * Math.sqrt(mix.share * (1 - mix.share) * Math.min(1, run / n));
    return (mix.mean() + z * sd) / tokensPerStep();
  }

  /**
   * Iterations under stall-free chunked prefill (Sarathi-Serve): while prompt tokens are pending an
   * iteration carries a chunk (the free slots, at most one mean prompt) next to the decodes and
   * takes {@code full}; otherwise it only decodes and takes {@code decodeOnly}. {@code share} is
   * the fraction of iterations that carry a chunk, from the fraction of time the prompt stream
   * keeps the chunk busy. Averaging the two kinds of iteration, rather than costing one iteration
   * with the mean number of prompt tokens, matters because iteration time is flat (memory-bound)
   * for small chunks and steep for large ones.
   */
  record Mix(double decodeOnly, double full, double share) {
    double mean() {
      return share * full + (1 - share) * decodeOnly;
    }
  }

  Mix mix(double decodes, double prefillTokensPerS) {
    // An iteration carries at most the free token slots, and no more than one mean prompt: a chunk
    // fills up only when prompts queue, which the queueing term accounts for separately.
    double slot =
        Math.max(
            1,
            Math.min(
                chunkTokens - Math.ceil(decodes - 1e-9) * slotsPerDecode(),
                demand.prefillTokens()));
    double decodeOnly = iteration(decodes, 0);
    double full = iteration(decodes, slot);
    double timeShare = Math.min(1, prefillTokensPerS * full / slot);
    double share = timeShare * decodeOnly / (full * (1 - timeShare) + timeShare * decodeOnly);
    return new Mix(decodeOnly, full, share);
  }

  /** Latency of one metric at quantile q, or what this role contributes to it. */
  double latency(Point pt, Slo.Metric metric, double q) {
    switch (metric) {
      case TTFT:
        return role == Role.DECODE ? 0 : ttft(pt, q);
      case TPOT:
        return role == Role.PREFILL ? 0 : tpot(pt, q);
      case E2E:
      default:
        {
          double out = demand.output.quantile(q);
          if (role == Role.PREFILL) {
            return ttft(pt, q);
          }
          if (role == Role.DECODE) {
            return out * pt.iterS() / tokensPerStep();
          }
          return ttft(pt, q) + out * e2eTokenS(pt, q);
        }
    }
  }

  /** The limit this role must meet for a target: the full limit, or its share of an E2E target. */
  double budget(Demand.Limit limit) {
    if (limit.metric() != Slo.Metric.E2E || role == Role.UNIFIED) {
      return limit.limitS();
    }
    return limit.limitS() * (role == Role.PREFILL ? E2E_PREFILL_SHARE : 1 - E2E_PREFILL_SHARE);
  }

  boolean meets(Point pt, double tighten) {
    if (!pt.stable()) {
      if (!kvBound
          && "kv cache".equals(pt.unstable())
          && unboundedKv().meets(pt.lambda(), tighten)) {
        kvBound = true;
      }
      return false;
    }
    boolean fixed = true;
    for (Demand.Limit l : demand.limits) {
      if (!applies(l.metric())) {
        continue;
      }
      boolean tail = l.metric() == Slo.Metric.TPOT && role == Role.UNIFIED && override.isEmpty();
      if (tail
          ? tpotMiss(pt, budget(l) * tighten) > 1 - l.q()
          : latency(pt, l.metric(), l.q()) > budget(l) * tighten) {
        fixed = false;
        break;
      }
    }
    // Holding every per-request limit at the fixed quantile 1 - (1 - attainment)/k suffices. When
    // it does not hold, a unified instance (which alone sees every metric of its requests) may
    // still meet the attainment by the union bound itself: the shares of requests over each
    // per-request limit sum to at most 1 - attainment, and each target holds at its own
    // percentile, so a metric far within its limit leaves its share of misses to the others.
    return fixed
        || (!NO_UNION && role == Role.UNIFIED && override.isEmpty() && meetsUnion(pt, tighten));
  }

  static final boolean NO_UNION = Boolean.getBoolean("noUnion");

  private void dummy() {}

  /**
   * The union bound with TPOT's share read off its tail and the miss budget it leaves split evenly
   * over the other per-request limits, each then checked at one quantile (a quantile per metric
   * rather than a bisection for each metric's share: this runs for every load the capacity search
   * tries).
   */
  private boolean meetsUnion(Point pt, double tighten) {
    double left = 1 - demand.attainment;
    int others = 0;
    for (Demand.Limit l : demand.limits) {
      double limitS = budget(l) * tighten;
      double own = l.target().percentile().quantile();
      if (l.metric() == Slo.Metric.TPOT) {
        double over = tpotMiss(pt, limitS);
        if (over > 1 - own) {
          return false;
        }
        if (l.perRequest()) {
          left -= over;
        }
      } else {
        if (latency(pt, l.metric(), own) > limitS) {
          return false;
        }
        if (l.perRequest()) {
          others++;
        }
      }
    }
    if (left < 0) {
      return false;
    }
    if (others == 0) {
      return true;
    }
    double q = Math.min(MAX_SHARE, 1 - left / others);
    for (Demand.Limit l : demand.limits) {
      if (l.metric() != Slo.Metric.TPOT
          && l.perRequest()
          && latency(pt, l.metric(), Math.max(q, l.target().percentile().quantile()))
              > budget(l) * tighten) {
        return false;
      }
    }
    return true;
  }

  /** Share of requests whose {@code l.metric()} exceeds {@code limitS} (at least 1 - MAX_SHARE). */
  private double overShare(Point pt, Demand.Limit l, double limitS) {
    if (l.metric() == Slo.Metric.TPOT) {
      return Math.max(1 - MAX_SHARE, tpotMiss(pt, limitS));
    }
    return bisectedOver(pt, l.metric(), limitS);
  }

  /**
   * Share of requests over {@code limitS} from the highest quantile in [MIN_SHARE, MAX_SHARE] whose
   * latency is within it (bisection): 1 - MIN_SHARE when even the lowest is over.
   */
  private double bisectedOver(Point pt, Slo.Metric metric, double limitS) {
    double lo = MIN_SHARE;
    double hi = MAX_SHARE;
    if (latency(pt, metric, lo) > limitS) {
      return 1 - lo;
    }
    if (latency(pt, metric, hi) <= limitS) {
      return 1 - hi;
    }
    for (int i = 0; i < 30; i++) {
      double mid = (lo + hi) / 2;
      if (latency(pt, metric, mid) <= limitS) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 1 - lo;
  }

  /** Whether the steady state at {@code lambda} meets every applicable limit. */
  private boolean meets(double lambda, double tighten) {
    return meets(at(lambda), tighten);
  }

  /** This model with a KV cache that never fills (the bound behind {@link #kvBound}). */
  private QueueModel unboundedKv() {
    if (unbounded == null) {
      unbounded =
          new QueueModel(
              instance,
              role,
              demand,
              maxNumSeqs,
              chunkTokens,
              Long.MAX_VALUE / 4,
              transferPerTokenS,
              transferLatencyS,
              iterations);
    }
    return unbounded;
  }

  private QueueModel unbounded;

  boolean applies(Slo.Metric metric) {
    switch (role) {
      case PREFILL:
        return metric != Slo.Metric.TPOT;
      case DECODE:
        return metric != Slo.Metric.TTFT;
      default:
        return true;
    }
  }

  /** The largest rate that meets every applicable limit (scaled by {@code tighten}); 0 if none. */
  double capacity(double tighten) {
    double lo = 1e-4;
    if (!meets(at(lo), tighten)) {
      return 0;
    }
    double hi = 1e-3;
    while (hi < 1e6 && meets(at(hi), tighten)) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 20; i++) {
      double mid = Math.sqrt(lo * hi);
      if (meets(at(mid), tighten)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Predicted SLO attainment at this load: one minus the sum, over the per-request limits, of the
   * share of requests that miss the limit (the highest quantile whose latency is within the limit
   * is found by bisection between the median and 99.99%). The sum is the union bound, so the figure
   * is a lower bound on the share of requests meeting every limit, the reading the feasibility
   * check uses.
   */
  double attainment(Point pt) {
    if (!pt.stable()) {
      return 0;
    }
    double miss = 0;
    for (Demand.Limit l : demand.limits) {
      if (l.perRequest() && applies(l.metric())) {
        miss += 1 - metShare(pt, l);
      }
    }
    return Math.max(0, 1 - miss);
  }

  private double metShare(Point pt, Demand.Limit l) {
    double met = 1 - overShare(pt, l, budget(l));
    return met <= MIN_SHARE ? 0 : met;
  }
}
