package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Rate;
import java.util.List;
import java.util.Objects;

/**
 * Static-batch estimates on top of any {@link CostModel}: TTFT of a batch, mean TPOT over its
 * decode and the resulting throughput. The prefill is packed into iterations of at most the
 * engine's token budget; the decode's step time is averaged at a few context lengths between {@code
 * input} and {@code input + output} (it is close to linear in the context, so a midpoint rule is
 * accurate).
 */
public final class StaticBatchEstimator {
  /**
   * Decode steps evaluated to average the TPOT; more gives no visible change (linear in context).
   */
  static final int DECODE_SAMPLES = 8;

  private final CostModel model;

  public StaticBatchEstimator(CostModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Largest batch whose KV cache for {@code input + output} tokens per request fits (0 if none).
   */
  public int maxBatch(
      InstanceConfig config, int inputTokens, int outputTokens, MemoryOptions options) {
    checkLengths(1, inputTokens, outputTokens);
    return model.memory(config, options).maxBatch((long) inputTokens + outputTokens);
  }

  public StaticBatchEstimate estimate(
      InstanceConfig config, int batch, int inputTokens, int outputTokens, MemoryOptions options) {
    checkLengths(batch, inputTokens, outputTokens);
    Objects.requireNonNull(options, "options");
    IterationCost prefill = prefill(config, batch, inputTokens, options.maxTokensPerIteration());
    IterationCost decode = IterationCost.ZERO;
    int steps = outputTokens - 1;
    if (steps > 0) {
      int samples = Math.min(steps, DECODE_SAMPLES);
      IterationCost sum = IterationCost.ZERO;
      for (int i = 0; i < samples; i++) {
        // Midpoint of the i-th of `samples` equal slices of steps 1..steps; step j attends over
        // input + j tokens (the prompt and the j tokens generated before it).
        double step = 1 + (i + 0.5) * steps / samples - 0.5;
        sum = sum.plus(model.iteration(config, BatchShape.decode(batch, inputTokens + step)));
      }
      decode = sum.times((double) steps / samples);
    }
    IterationCost whole = prefill.plus(decode);
    Duration total = whole.total();
    Duration tpot = steps > 0 ? decode.total().times(1.0 / steps) : Duration.ZERO;
    double seconds = total.seconds();
    MemoryEstimate memory = model.memory(config, options);
    Bytes kv = memory.kvFor(batch, (long) inputTokens + outputTokens);
    boolean fits = memory.fits() && kv.bytes() <= memory.kvCapacity().bytes();
    return new StaticBatchEstimate(
        batch,
        inputTokens,
        outputTokens,
        prefill.total(),
        tpot,
        total,
        Rate.perSecond((double) batch * outputTokens / seconds),
        Rate.perSecond((double) batch * (inputTokens + outputTokens) / seconds),
        whole,
        memory,
        kv,
        fits);
  }

  /**
   * Time to prefill {@code batch} prompts of {@code inputTokens}, in iterations of at most {@code
   * budget} tokens.
   */
  public IterationCost prefill(InstanceConfig config, int batch, int inputTokens, int budget) {
    if (inputTokens <= budget) {
      int perIteration = Math.max(1, Math.min(batch, budget / inputTokens));
      int full = batch / perIteration;
      int rest = batch % perIteration;
      IterationCost cost =
          model.iteration(config, BatchShape.prefill(perIteration, inputTokens)).times(full);
      if (rest > 0) {
        cost = cost.plus(model.iteration(config, BatchShape.prefill(rest, inputTokens)));
      }
      return cost;
    }
    // A prompt longer than the budget is split into chunks that attend over the earlier ones.
    IterationCost perRequest = IterationCost.ZERO;
    for (long done = 0; done < inputTokens; done += budget) {
      int chunk = (int) Math.min(budget, inputTokens - done);
      perRequest =
          perRequest.plus(
              model.iteration(
                  config, new BatchShape(List.of(new PrefillChunk(chunk, done)), 0, 0)));
    }
    return perRequest.times(batch);
  }

  private static void checkLengths(int batch, int inputTokens, int outputTokens) {
    if (batch < 1 || inputTokens < 1 || outputTokens < 1) {
      throw new IllegalArgumentException(
          "batch, input and output must be >= 1, got batch="
              + batch
              + " input="
              + inputTokens
              + " output="
              + outputTokens);
    }
  }
}
