package dev.servplan.solver;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.workload.StandardNormal;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.KvCompression;
import dev.servplan.hwdb.cost.LoraServing;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.cost.SmPartition;
import dev.servplan.hwdb.cost.SpeculativeStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Latency of one instance under a Poisson-like request stream at rate λ, built on the cost model's
 * iteration time: a Little's-law fixed point for the steady-state batch, a Kingman G/G/1 queue for
 * prompts waiting to be prefilled, and exponential waiting-time tails. The equations are in
 * docs/solver.md ("Queueing model"); every latency here is in seconds.
 */
final class QueueModel {
  /** Utilization cap of the prefill queue: above it waiting times explode for any burstiness. */
  static final double MAX_RHO = 0.95;

  /** Share of an end-to-end target a disaggregated prefill may use; decode gets the rest. */
  static final double E2E_PREFILL_SHARE = 0.25;

  /** Range of quantiles over which the predicted attainment is searched. */
  static final double MIN_SHARE = 0.5;

  /** Standard-normal z of the concurrency quantile the KV cache must hold (99%). */
  static final double KV_BATCH_Z = StandardNormal.Z99;

  /** Length quantile of the one long request the KV cache must also hold. */
  static final double KV_TAIL_Q = 0.99;

  /** Output-length quantile taken as the typical short request when estimating the TPOT tail. */
  static final double SHORT_OUTPUT_Q = 0.25;

  static final double MAX_SHARE = 0.9999;

  private final CostModel costModel;
  private final InstanceConfig config;
  private final Role role;
  private final Demand demand;
  private final int maxNumSeqs;
  private final int chunkTokens;
  private final long kvTokens;

  /** Seconds to move one request's KV cache from a prefill to a decode instance, per token. */
  private final double transferPerTokenS;

  private final double transferLatencyS;

  /** Mean context of a decoding sequence: its prompt plus half its output. */
  private final double decodeContext;

  /**
   * The speculative-decoding step when this instance speculates (decode and unified roles only).
   */
  private final Optional<SpeculativeStep> speculative;

  /**
   * Weights and experts kept in host memory, whose transfers every iteration pays
   * (docs/techniques.md).
   */
  private final MemoryTiers tiers;

  /** The most KV tokens a request keeps (kv_compression eviction), or empty for all of them. */
  private final OptionalLong evictionBudget;

  /** The LoRA adapters this instance serves multiplexed, if the deployment declares any. */
  private final Optional<LoraServing> lora;

  /** The prefill/decode stream model when this unified instance partitions its SMs. */
  private final Optional<PartitionedQueue> partitioned;

  QueueModel(
      CostModel costModel,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS) {
    this(
        costModel,
        config,
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        transferPerTokenS,
        transferLatencyS,
        Optional.empty());
  }

  QueueModel(
      CostModel costModel,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS,
      Optional<SpeculativeStep> speculative) {
    this(
        costModel,
        config,
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        transferPerTokenS,
        transferLatencyS,
        speculative,
        MemoryTiers.NONE);
  }

  QueueModel(
      CostModel costModel,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS,
      Optional<SpeculativeStep> speculative,
      MemoryTiers tiers) {
    this(
        costModel,
        config,
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        transferPerTokenS,
        transferLatencyS,
        speculative,
        tiers,
        Optional.empty());
  }

  QueueModel(
      CostModel costModel,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS,
      Optional<SpeculativeStep> speculative,
      MemoryTiers tiers,
      Optional<LoraServing> lora) {
    this(
        costModel,
        config,
        role,
        demand,
        maxNumSeqs,
        chunkTokens,
        kvTokens,
        transferPerTokenS,
        transferLatencyS,
        speculative,
        tiers,
        lora,
        Optional.empty());
  }

  QueueModel(
      CostModel costModel,
      InstanceConfig config,
      Role role,
      Demand demand,
      int maxNumSeqs,
      int chunkTokens,
      long kvTokens,
      double transferPerTokenS,
      double transferLatencyS,
      Optional<SpeculativeStep> speculative,
      MemoryTiers tiers,
      Optional<LoraServing> lora,
      Optional<SmPartition> smPartition) {
    this.costModel = costModel;
    this.config = config;
    this.role = role;
    this.demand = demand;
    this.maxNumSeqs = maxNumSeqs;
    this.chunkTokens = chunkTokens;
    this.kvTokens = kvTokens;
    this.transferPerTokenS = transferPerTokenS;
    this.transferLatencyS = transferLatencyS;
    this.speculative = role == Role.PREFILL ? Optional.empty() : speculative;
    this.tiers = tiers;
    this.lora = lora;
    this.evictionBudget = OptionalLong.empty();
    this.iterations = new HashMap<>();
    this.decodeContext = demand.input.mean() + demand.output.mean() / 2;
    if (smPartition.isPresent()
        && (this.speculative.isPresent() || !tiers.isEmpty() || lora.isPresent())) {
      // The two-stream model carries none of these terms (docs/techniques.md, SM partitioning).
      throw new IllegalArgumentException(
          "an SM-partitioned instance is not costed with speculation, offload or LoRA adapters");
    }
    this.partitioned =
        role == Role.UNIFIED
            ? smPartition.map(
                p ->
                    new PartitionedQueue(
                        this, costModel, config, demand, p, maxNumSeqs, chunkTokens))
            : Optional.empty();
  }

  private QueueModel(QueueModel m, OptionalLong evictionBudget) {
    this(m, evictionBudget, m.kvTokens);
  }

  private QueueModel(QueueModel m, OptionalLong evictionBudget, long kvTokens) {
    this.costModel = m.costModel;
    this.config = m.config;
    this.role = m.role;
    this.demand = m.demand;
    this.maxNumSeqs = m.maxNumSeqs;
    this.chunkTokens = m.chunkTokens;
    this.kvTokens = kvTokens;
    this.transferPerTokenS = m.transferPerTokenS;
    this.transferLatencyS = m.transferLatencyS;
    this.speculative = m.speculative;
    this.tiers = m.tiers;
    this.lora = m.lora;
    this.evictionBudget = evictionBudget;
    // Iteration times depend on the eviction budget (the context attended to), not on the KV size.
    this.iterations = evictionBudget.equals(m.evictionBudget) ? m.iterations : new HashMap<>();
    this.decodeContext = kept(demand.input.mean() + demand.output.mean() / 2);
    // The stream model refers to its owner, so it is rebuilt around this copy.
    this.partitioned =
        m.partitioned.map(
            q ->
                new PartitionedQueue(
                    this, costModel, config, demand, q.partition(), maxNumSeqs, chunkTokens));
  }

  /**
   * This model with each request keeping at most {@code budget} KV tokens (kv_compression's
   * eviction): decode attention and the KV a request holds cover min(context, budget) tokens, and a
   * prefill chunk attends to at most the budget of cached tokens (docs/techniques.md).
   */
  QueueModel withEvictionBudget(OptionalLong budget) {
    if (budget.isPresent() && partitioned.isPresent()) {
      throw new IllegalArgumentException(
          "an SM-partitioned instance is not costed with a KV eviction budget");
    }
    return budget.equals(evictionBudget) ? this : new QueueModel(this, budget);
  }

  /** The eviction budget this instance runs with, if any. */
  OptionalLong evictionBudget() {
    return evictionBudget;
  }

  private double kept(double contextTokens) {
    return KvCompression.keptTokens(contextTokens, evictionBudget);
  }

  /** The SM partition of this unified instance, if it runs prefill and decode on SM shares. */
  Optional<SmPartition> smPartition() {
    return partitioned.map(PartitionedQueue::partition);
  }

  /** The speculative step this instance runs, if it speculates. */
  Optional<SpeculativeStep> speculative() {
    return speculative;
  }

  /** What this instance keeps in host memory. */
  MemoryTiers tiers() {
    return tiers;
  }

  /** The LoRA adapters this instance serves, if any. */
  Optional<LoraServing> lora() {
    return lora;
  }

  /** Mean tokens a decoding sequence gains per iteration: E under speculation, else 1. */
  double tokensPerStep() {
    return speculative.map(SpeculativeStep::expectedTokens).orElse(1.0);
  }

  /**
   * Token-budget slots one decoding sequence takes per iteration: k + 1 verified under speculation.
   */
  private int slotsPerDecode() {
    return speculative.map(s -> s.tokens() + 1).orElse(1);
  }

  /**
   * The steady state at one arrival rate; {@code unstable} names the limit it broke, or is null.
   */
  record Point(
      double lambda,
      String unstable,
      double iterS,
      double batch,
      double rho,
      double waitMeanS,
      double availTokens) {
    boolean stable() {
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
    long key = ((long) Math.max(0, seqs) << 32) | (chunk & 0xffffffffL);
    Double known = iterations.get(key);
    if (known != null) {
      return known;
    }
    double seconds = iterationUncached(seqs, chunk);
    iterations.put(key, seconds);
    return seconds;
  }

  /** Iteration seconds by integer shape (decodes, chunk tokens); shared by this model's copies. */
  private final Map<Long, Double> iterations;

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
    // Offloaded weights and missed experts cross the host link in every forward pass, host KV for
    // the batch's context, not overlapped with compute; LoRA kernels add their expected time.
    double transfer = tiers.transferSeconds(shape);
    double base =
        speculative.isPresent()
            ? speculative.get().stepSeconds(costModel, config, shape)
            : costModel.iteration(config, shape).total().seconds();
    return base + transfer + LoraCandidates.expectedOverhead(costModel, config, lora, shape);
  }

  Point at(double lambda) {
    // A request stays in the batch for o / E iterations: E tokens per iteration under speculation.
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
          if (partitioned.isPresent()) {
            return partitioned.get().at(lambda);
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
    String why = null;
    // Grow hi until T(hi) <= hi (the fixed point lies below) or a limit breaks first.
    for (int k = 0; k < 80; k++) {
      why = limits(lambda * o * hi, lambda * p * hi);
      if (why != null) {
        break;
      }
      if (step(lambda * o * hi, lambda * p) <= hi) {
        break;
      }
      lo = hi;
      hi *= 1.5;
    }
    if (why != null) {
      // The smallest fixed point, if any, lies below hi; search there before declaring failure.
      double t = bisect(lambda, o, p, lo, hi);
      if (t < 0) {
        return new Point(lambda, why, hi, lambda * o * hi, 1, 0, 0);
      }
      return new Point(lambda, null, t, lambda * o * t, 0, 0, 0);
    }
    double t = bisect(lambda, o, p, lo, hi);
    return new Point(lambda, null, t < 0 ? hi : t, lambda * o * (t < 0 ? hi : t), 0, 0, 0);
  }

  /** A t in [lo, hi] with T(t) <= t and every limit held, or -1. */
  private double bisect(double lambda, double o, double p, double lo, double hi) {
    if (limits(lambda * o * hi, lambda * p * hi) != null
        || step(lambda * o * hi, lambda * p) > hi) {
      return -1;
    }
    for (int k = 0; k < 40 && hi - lo > 1e-9 + 1e-6 * hi; k++) {
      double mid = (lo + hi) / 2;
      if (limits(lambda * o * mid, lambda * p * mid) == null
          && step(lambda * o * mid, lambda * p) <= mid) {
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
   * that never happened reaches the same capacity with any amount of extra KV, so freeing memory
   * (offload) cannot raise its capacity, only slow its iterations (see {@link
   * CandidateEnumerator}'s memory-pressure rule).
   */
  private boolean kvBound;

  /** See {@link #kvBound}. */
  boolean kvBound() {
    return kvBound;
  }

  String decodeLimits(double b) {
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
  static double waitQuantile(Point pt, double q) {
    if (pt.rho() <= 1 - q || pt.waitMeanS() <= 0) {
      return 0;
    }
    return pt.waitMeanS() / pt.rho() * Math.log(pt.rho() / (1 - q));
  }

  double ttft(Point pt, double q) {
    if (partitioned.isPresent()) {
      return partitioned.get().ttft(pt, q);
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
    if (partitioned.isPresent()) {
      return partitioned.get().tpot(pt, q);
    }
    double z = Math.max(0, StandardNormal.quantile(q));
    double bq = Math.min(maxNumSeqs, pt.batch() + z * Math.sqrt(pt.batch()));
    if (role == Role.DECODE) {
      return iteration(bq, 0) / tokensPerStep();
    }
    Mix mix = mix(bq, pt.lambda() * demand.prefillTokens());
    // A request's TPOT averages its n decode iterations, a share f of which carry a prefill chunk.
    // Chunks come in runs of L = prompt/chunk consecutive iterations, so the average has variance
    // f(1-f)·min(1, L/n). Short requests dominate the tail: n is the output length's lower
    // quartile.
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
    // Under speculation an iteration yields E tokens on average; the TPOT is per token.
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
          return ttft(pt, q) + out * tpot(pt, q);
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
    for (Demand.Limit l : demand.limits) {
      if (!applies(l.metric())) {
        continue;
      }
      if (latency(pt, l.metric(), l.q()) > budget(l) * tighten) {
        return false;
      }
    }
    return true;
  }

  /** Whether the steady state at {@code lambda} meets every applicable limit. */
  private boolean meets(double lambda, double tighten) {
    return meets(at(lambda), tighten);
  }

  /** This model with a KV cache that never fills (the bound behind {@link #kvBound}). */
  private QueueModel unboundedKv() {
    if (unbounded == null) {
      unbounded = new QueueModel(this, evictionBudget, Long.MAX_VALUE / 4);
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
    double lo = MIN_SHARE;
    double hi = MAX_SHARE;
    if (latency(pt, l.metric(), lo) > budget(l)) {
      return 0;
    }
    if (latency(pt, l.metric(), hi) <= budget(l)) {
      return hi;
    }
    for (int i = 0; i < 30; i++) {
      double mid = (lo + hi) / 2;
      if (latency(pt, l.metric(), mid) <= budget(l)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
