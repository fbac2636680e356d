package dev.servplan.solver;

import dev.servplan.compiler.workload.StandardNormal;

/**
 * The distribution of one request's TPOT on a unified instance with chunked prefill, as the
 * simulator measures it: {@code (last token - first token) / (output - 1)} over the requests with
 * at least two output tokens (docs/solver.md, "TPOT tail").
 *
 * <p>A request with n output tokens decodes for {@code k = (n - 1) / E} iterations (E tokens per
 * iteration with a draft, else 1), each costing the decode-only time {@code d} at the batch it
 * finds, plus the extra time of the prompt chunks it carries. A prompt of P tokens (after prefix
 * hits) brings {@code g(P) = ⌊P/c⌋·Δ(c) + Δ(P mod c)} of that extra time, c the free token slots
 * per iteration and Δ(x) what a chunk of x tokens adds to a decode iteration. So {@code TPOT = d/E
 * + S/(n - 1)}, S the prompt work done during the request's life:
 *
 * <ul>
 *   <li>its mean is {@code ρ/(1-ρ)} times the plain decode time {@code k·d}, ρ = λ·E[g] the share
 *       of time spent on prompt chunks (work done in a life L is ρ·L on average, and L = k·d + S);
 *   <li>its variance adds the arrivals during the life, each stretched by the busy period its own
 *       processing opens (M/G/1: variance ×1/(1-ρ)³; a renewal process with c_a² scales the count
 *       variance), and the backlog found at the start (Pollaczek-Khinchine's waiting time, scaled
 *       for bursty arrivals as in Kingman's G/G/1), which a short request may spend its whole life
 *       working off;
 *   <li>it is zero when the request finds no backlog (probability 1 - ρ) and no prompt arrives;
 *       otherwise it is taken as lognormal with those conditional moments (the single-big-jump
 *       shape that dominates short requests: one long prompt doubles a 20-token request's TPOT and
 *       is averaged away in a 1,000-token one);
 *   <li>it is at most one full chunk per iteration: TPOT never exceeds {@code (d + Δ(c)) / E}.
 * </ul>
 *
 * The share of requests over a limit mixes these tails over strata of the output length (finer
 * where outputs are short, which set the tail) and over five Gauss-Hermite points of the batch
 * (mean b, sd √b: with expert offload the decode iteration grows with the batch).
 *
 * <p>It replaced a normal approximation (the iteration mixture's mean plus z standard deviations of
 * the share of chunk-bearing iterations, at the output's lower quartile), which predicted 25 ms for
 * chat's p99 where the simulator measured 41 ms: the tail is skewed, not normal.
 */
final class TpotTail {
  /** Output-quantile boundaries of the strata; finer for short outputs, which set the tail. */
  private static final double[] OUTPUT_EDGES = {
    0, .005, .01, .02, .035, .06, .1, .2, .35, .5, .7, .9, 1
  };

  /** Prompt-quantile boundaries of the points g is evaluated at; finer in the upper tail. */
  private static final double[] PROMPT_EDGES = {
    0, .1, .2, .3, .4, .5, .6, .7, .8, .9, .95, .98, .99, .995, .999, 1
  };

  /** What the tail needs of the demand, computed once per queueing model. */
  record Strata(
      double[] intervals, double[] weights, double[] prompts, double[] promptWeights, double ca2) {
    static Strata of(Demand demand, double tokensPerStep) {
      int s = OUTPUT_EDGES.length - 1;
      double[] intervals = new double[s];
      double[] weights = new double[s];
      double total = 0;
      for (int i = 0; i < s; i++) {
        double n = Math.round(demand.output.quantile((OUTPUT_EDGES[i] + OUTPUT_EDGES[i + 1]) / 2));
        // A request with one output token has no TPOT: the simulator does not count it.
        weights[i] = n >= 2 ? OUTPUT_EDGES[i + 1] - OUTPUT_EDGES[i] : 0;
        intervals[i] = Math.max(1, n - 1);
        total += weights[i];
      }
      for (int i = 0; i < s; i++) {
        weights[i] = total > 0 ? weights[i] / total : 0;
      }
      int p = PROMPT_EDGES.length - 1;
      double hit = demand.reusesPrefix ? demand.prefixHitRate : 0;
      double[] prompts = new double[2 * p];
      double[] promptWeights = new double[2 * p];
      for (int j = 0; j < p; j++) {
        double tokens = demand.input.quantile((PROMPT_EDGES[j] + PROMPT_EDGES[j + 1]) / 2);
        double w = PROMPT_EDGES[j + 1] - PROMPT_EDGES[j];
        prompts[2 * j] = tokens;
        promptWeights[2 * j] = w * (1 - hit);
        prompts[2 * j + 1] = Math.max(1, tokens - Math.min(demand.prefixTokens, tokens));
        promptWeights[2 * j + 1] = w * hit;
      }
      return new Strata(intervals, weights, prompts, promptWeights, demand.ca2);
    }
  }

  /** Seconds of one iteration with the given decoding sequences and prefill-chunk tokens. */
  interface Iteration {
    double seconds(double decodes, double chunkTokens);
  }

  private final Strata strata;

  /**
   * Gauss-Hermite nodes and weights (5 points, in standard-normal units) over which the batch
   * fluctuates around its mean b with sd √b (Poisson-like concurrency): a short request decodes at
   * whatever batch it finds, and with expert offload or a large batch the decode iteration grows
   * with it.
   */
  private static final double[] BATCH_Z = {
    -2.8569700138728, -1.3556261799742, 0, 1.3556261799742, 2.8569700138728
  };

  private static final double[] BATCH_W = {
    0.0112574113277207,
    0.2220759220056126,
    0.5333333333333333,
    0.2220759220056126,
    0.0112574113277207
  };

  /** Decode-only seconds per output token, d / E, at each of the batch nodes. */
  private final double[] bases = new double[BATCH_Z.length];

  /** Decode-only seconds per output token at the mean batch. */
  private final double base;

  /** Decode-only seconds per output token and the extra seconds of one full chunk, per token. */
  private final double ceiling;

  /**
   * Per batch node k and output stratum i (index k·strata + i): the share of requests in it with
   * some prompt work (0 when none), and the lognormal parameters of that work given there is some.
   */
  private final double[] any;

  private final double[] mu;

  private final double[] sigma;

  /** ln(n - 1) per output stratum: S/(n - 1) > x - d/E reads ln S > ln(x - d/E) + ln(n - 1). */
  private final double[] logIntervals;

  /**
   * Chunk sizes (fractions of the free slots, largest first) at which Δ is costed; between them Δ
   * is linear.
   */
  private static final double[] CHUNK_POINTS = {1, 0.5, 0.25, 0.125, 0.0625};

  /**
   * The TPOT distribution at arrival rate {@code lambda} and batch {@code batch}, with {@code slot}
   * free token slots per iteration for prompt chunks.
   */
  TpotTail(
      Strata strata,
      Iteration iteration,
      double lambda,
      double batch,
      int maxBatch,
      double slot,
      double tokensPerStep) {
    this.strata = strata;
    double d = iteration.seconds(batch, 0);
    this.base = d / tokensPerStep;
    double top = base;
    for (int k = 0; k < BATCH_Z.length; k++) {
      double b = Math.max(1, Math.min(maxBatch, batch + BATCH_Z[k] * Math.sqrt(batch)));
      bases[k] = BATCH_Z[k] == 0 ? base : iteration.seconds(b, 0) / tokensPerStep;
      top = Math.max(top, bases[k]);
    }
    int c = (int) Math.max(1, Math.floor(slot));
    // Δ(x) at a few chunk sizes (the cost model is smooth in the chunk: linear where compute-bound,
    // flat where memory-bound), linear in between and to zero at x = 0.
    double[] xs = new double[CHUNK_POINTS.length];
    double[] deltas = new double[CHUNK_POINTS.length];
    for (int j = 0; j < CHUNK_POINTS.length; j++) {
      xs[j] = Math.max(1, Math.round(c * CHUNK_POINTS[j]));
      deltas[j] = Math.max(0, iteration.seconds(batch, xs[j]) - d);
    }
    double full = deltas[0];
    this.ceiling = top + full / tokensPerStep;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    double[] prompts = strata.prompts();
    double[] w = strata.promptWeights();
    for (int j = 0; j < prompts.length; j++) {
      if (w[j] <= 0) {
        continue;
      }
      long tokens = Math.round(prompts[j]);
      long whole = tokens / c;
      long rest = tokens - whole * c;
      double g = whole * full + delta(rest, xs, deltas);
      m1 += w[j] * g;
      m2 += w[j] * g * g;
      m3 += w[j] * g * g * g;
    }
    double ca2 = strata.ca2();
    // The prompt work arriving per unit of rate and time has variance E[g²] for Poisson arrivals,
    // E[g²] + (c_a² - 1)·E[g]² for a renewal process whose counts have variance c_a² times their
    // mean.
    double arrivalVar = Math.max(0, m2 + (ca2 - 1) * m1 * m1);
    double rho = Math.min(MAX_RHO, lambda * m1);
    double free = 1 - rho;
    // Pollaczek-Khinchine: the prompt work pending when a request starts decoding (PASTA), and
    // its second moment; what arrives while it is worked off stretches it by the busy period.
    // Bursty arrivals scale the backlog as Kingman's G/G/1 does: (c_a² + c_s²) / (1 + c_s²).
    double cs2 = m1 > 0 ? m2 / (m1 * m1) - 1 : 0;
    double burst = (ca2 + cs2) / (1 + cs2);
    double v1 = burst * lambda * m2 / (2 * free);
    double v2 = burst * lambda * m3 / (3 * free) + 2 * v1 * v1;
    double backlogVar =
        Math.max(0, v2 - v1 * v1) / (free * free) + v1 * lambda * arrivalVar / (free * free * free);
    double[] intervals = strata.intervals();
    int n = intervals.length;
    logIntervals = new double[n];
    for (int i = 0; i < n; i++) {
      logIntervals[i] = Math.log(intervals[i]);
    }
    any = new double[BATCH_Z.length * n];
    mu = new double[any.length];
    sigma = new double[any.length];
    if (lambda <= 0 || m1 <= 0) {
      return;
    }
    for (int k = 0; k < BATCH_Z.length; k++) {
      for (int i = 0; i < n; i++) {
        int at = k * n + i;
        double arrivals = lambda * bases[k] * intervals[i];
        double mean = arrivals * m1 / free;
        double var = arrivals * arrivalVar / (free * free * free) + backlogVar;
        double some = 1 - free * Math.exp(-arrivals);
        double condMean = mean / some;
        double condVar = (var + mean * mean) / some - condMean * condMean;
        double sigma2 = Math.log1p(Math.max(1e-12, condVar / (condMean * condMean)));
        any[at] = some;
        sigma[at] = Math.sqrt(sigma2);
        mu[at] = Math.log(condMean) - sigma2 / 2;
      }
    }
  }

  /** Δ(x) by linear interpolation between the costed chunk sizes {@code xs} (descending). */
  private static double delta(long x, double[] xs, double[] deltas) {
    if (x <= 0) {
      return 0;
    }
    for (int j = 0; j < xs.length; j++) {
      if (x >= xs[j]) {
        if (j == 0) {
          return deltas[0];
        }
        double f = (x - xs[j]) / (xs[j - 1] - xs[j]);
        return deltas[j] + f * (deltas[j - 1] - deltas[j]);
      }
    }
    int last = xs.length - 1;
    return deltas[last] * x / xs[last];
  }

  /** Prompt-work utilization above which the busy-period moments are capped. */
  private static final double MAX_RHO = 0.95;

  /** Share of requests (with at least two output tokens) whose TPOT exceeds {@code x} seconds. */
  double exceeds(double x) {
    if (x >= ceiling) {
      return 0;
    }
    double over = 0;
    double[] weights = strata.weights();
    int n = weights.length;
    for (int k = 0; k < BATCH_Z.length; k++) {
      double margin = x - bases[k];
      double logMargin = margin > 0 ? Math.log(margin) : 0;
      double node = 0;
      for (int i = 0; i < n; i++) {
        if (weights[i] <= 0) {
          continue;
        }
        if (margin <= 0) {
          node += weights[i];
          continue;
        }
        int at = k * n + i;
        if (any[at] > 0) {
          // P(S > margin·(n - 1)) for the lognormal S: Φ((μ - ln s) / σ).
          double z = (mu[at] - logMargin - logIntervals[i]) / sigma[at];
          node += weights[i] * any[at] * StandardNormal.cdf(z);
        }
      }
      over += BATCH_W[k] * node;
    }
    return Math.min(1, over);
  }

  /** The q-quantile of TPOT, in seconds. */
  double quantile(double q) {
    double target = 1 - q;
    double lo = Math.min(base, bases[0]);
    if (exceeds(lo) <= target) {
      return lo;
    }
    double step = Math.max(base, 1e-6);
    double hi = lo + step;
    for (int k = 0; k < 60 && exceeds(hi) > target; k++) {
      lo = hi;
      step *= 2;
      hi = base + step;
    }
    // To 10 ppm of the value: far below any limit's resolution, and a third of the steps to 0.1
    // ppm.
    for (int k = 0; k < 40 && hi - lo > 1e-5 * hi; k++) {
      double mid = (lo + hi) / 2;
      if (exceeds(mid) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
