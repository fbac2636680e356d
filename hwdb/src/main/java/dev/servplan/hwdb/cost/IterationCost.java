package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Duration;
import java.util.Objects;

/**
 * Predicted time of one iteration on an instance, split by where it goes. The parts add up to
 * {@link #total()}; pipeline-parallel idle time is spread over the parts in proportion, since a
 * waiting stage is waiting on one of them.
 *
 * @param gemm weight matmuls (projections, FFN or experts, LM head), including dequantization
 * @param attention score and value computation over the KV cache (prefill and decode)
 * @param communication tensor-parallel all-reduces, pipeline transfers and expert all-to-alls
 * @param elementwise memory-bound norms, residual adds and activations between the matmuls
 * @param overhead fixed per-iteration and per-layer costs (scheduling, kernel launches)
 */
public record IterationCost(
    Duration total,
    Duration gemm,
    Duration attention,
    Duration communication,
    Duration elementwise,
    Duration overhead) {
  public static final IterationCost ZERO =
      new IterationCost(
          Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public IterationCost {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(gemm, "gemm");
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(communication, "communication");
    Objects.requireNonNull(elementwise, "elementwise");
    Objects.requireNonNull(overhead, "overhead");
  }

  /** Builds a cost whose total is the sum of its parts (seconds). */
  static IterationCost ofSeconds(
      double gemm, double attention, double communication, double elementwise, double overhead) {
    return new IterationCost(
        Duration.ofSeconds(gemm + attention + communication + elementwise + overhead),
        Duration.ofSeconds(gemm),
        Duration.ofSeconds(attention),
        Duration.ofSeconds(communication),
        Duration.ofSeconds(elementwise),
        Duration.ofSeconds(overhead));
  }

  /** Component-wise sum, for adding up the iterations of a request or a batch. */
  public IterationCost plus(IterationCost other) {
    return new IterationCost(
        total.plus(other.total),
        gemm.plus(other.gemm),
        attention.plus(other.attention),
        communication.plus(other.communication),
        elementwise.plus(other.elementwise),
        overhead.plus(other.overhead));
  }

  public IterationCost times(double factor) {
    return new IterationCost(
        total.times(factor),
        gemm.times(factor),
        attention.times(factor),
        communication.times(factor),
        elementwise.times(factor),
        overhead.times(factor));
  }
}
