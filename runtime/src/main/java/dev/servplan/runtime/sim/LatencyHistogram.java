package dev.servplan.runtime.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram of positive values in logarithmic buckets whose quantiles are within 1% relative
 * error (the DDSketch bucketing of Masson, Rim and Lee, VLDB 2019, arXiv:1908.10693: bucket i holds
 * (γ^(i−1), γ^i] with γ = (1+α)/(1−α), and its estimate 2γ^i/(γ+1) is within α of every value in
 * it). Memory is fixed however many values are recorded, which keeps a million-request simulation
 * flat. Values below {@link #MIN_VALUE} share one bucket; values above {@link #MAX_VALUE} are
 * clamped to it. Exact count, sum, min and max are kept alongside.
 */
public final class LatencyHistogram {
  /** Relative accuracy α of every quantile. */
  public static final double RELATIVE_ERROR = 0.01;

  /** Smallest value resolved (in the unit of the caller: milliseconds give 1 ns). */
  public static final double MIN_VALUE = 1e-6;

  /** Largest value resolved (in milliseconds, about 116 days). */
  public static final double MAX_VALUE = 1e10;

  private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  private static final int OFFSET = (int) Math.ceil(Math.log(MIN_VALUE) / LOG_GAMMA);
  private static final int BUCKETS = (int) Math.ceil(Math.log(MAX_VALUE) / LOG_GAMMA) - OFFSET + 1;

  private final long[] counts = new long[BUCKETS];
  private long zeros;
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /** Records one value (negative values are a caller bug). */
  public void record(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("histogram values must be >= 0, got " + value);
    }
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (value < MIN_VALUE) {
      zeros++;
      return;
    }
    int index = (int) Math.ceil(Math.log(Math.min(value, MAX_VALUE)) / LOG_GAMMA) - OFFSET;
    counts[Math.max(0, Math.min(BUCKETS - 1, index))]++;
  }

  /** Adds every value of {@code other} to this histogram. */
  public void merge(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    zeros += other.zeros;
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  public long count() {
    return count;
  }

  /** Arithmetic mean, exact; NaN when empty. */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The empirical CDF at bucket resolution (see {@link LatencyCdf}). */
  public LatencyCdf cdf() {
    if (count == 0) {
      return LatencyCdf.EMPTY;
    }
    List<LatencyCdf.Point> points = new ArrayList<>();
    long seen = zeros;
    if (zeros > 0) {
      points.add(new LatencyCdf.Point(min, (double) zeros / count));
    }
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] == 0) {
        continue;
      }
      seen += counts[i];
      double upper = Math.max(min, Math.min(max, Math.pow(GAMMA, i + OFFSET)));
      points.add(new LatencyCdf.Point(upper, seen == count ? 1.0 : (double) seen / count));
    }
    return new LatencyCdf(points);
  }

  /**
   * The {@code q}-quantile (0 ≤ q ≤ 1) with the lower-rank convention: the value of rank ⌊q·(n−1)⌋
   * in sorted order, to within 1%, clamped to the exact min and max. NaN when empty.
   */
  public double quantile(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.floor(q * (count - 1));
    if (rank < zeros) {
      return min;
    }
    long seen = zeros;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen > rank) {
        double estimate = 2 * Math.pow(GAMMA, i + OFFSET) / (GAMMA + 1);
        return Math.max(min, Math.min(max, estimate));
      }
    }
    return max;
  }
}
