package dev.servplan.runtime.sim;

import java.util.List;

/**
 * An empirical CDF read off a {@link LatencyHistogram}: one point per non-empty bucket, at the
 * bucket's upper edge (clamped to the exact min and max), with the share of values at or below it.
 * Values are within the histogram's 1% relative error; there are at most a few hundred points for
 * latencies spanning three decades, so a report can draw every one.
 *
 * @param points ascending in value and share; the last share is 1 (empty when nothing was recorded)
 */
public record LatencyCdf(List<Point> points) {
  public static final LatencyCdf EMPTY = new LatencyCdf(List.of());

  public LatencyCdf {
    points = List.copyOf(points);
  }

  /** Share {@code share} (0–1] of the values are at most {@code value} (the histogram's unit). */
  public record Point(double value, double share) {}

  public boolean isEmpty() {
    return points.isEmpty();
  }
}
