package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Rate;
import java.util.Objects;

/**
 * Prediction for a static batch: {@code batch} requests of {@code inputTokens} prompt tokens and
 * {@code outputTokens} generated tokens that start together on one instance and finish together.
 *
 * @param ttft time until every request of the batch has its first token (the whole prefill)
 * @param meanTpot mean time per output token over the decode (zero when {@code outputTokens == 1})
 * @param total time from start to the last token
 * @param outputThroughput {@code batch × outputTokens / total}, whole instance
 * @param totalThroughput {@code batch × (inputTokens + outputTokens) / total}, whole instance
 * @param breakdown time of the whole run split by component
 * @param memory the per-GPU memory budget
 * @param kvCache KV cache the batch occupies per GPU at its longest
 * @param fits whether the weights, buffers and that KV cache fit in the usable memory
 */
public record StaticBatchEstimate(
    int batch,
    int inputTokens,
    int outputTokens,
    Duration ttft,
    Duration meanTpot,
    Duration total,
    Rate outputThroughput,
    Rate totalThroughput,
    IterationCost breakdown,
    MemoryEstimate memory,
    Bytes kvCache,
    boolean fits) {
  public StaticBatchEstimate {
    Objects.requireNonNull(ttft, "ttft");
    Objects.requireNonNull(meanTpot, "meanTpot");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(outputThroughput, "outputThroughput");
    Objects.requireNonNull(totalThroughput, "totalThroughput");
    Objects.requireNonNull(breakdown, "breakdown");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(kvCache, "kvCache");
  }
}
