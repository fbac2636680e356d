package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Fraction;
import java.util.Objects;

/**
 * Engine limits that set the memory budget.
 *
 * @param gpuMemoryUtilization share of each GPU's memory the engine may use
 * @param maxTokensPerIteration the scheduler's token budget per iteration (sizes activation
 *     buffers)
 * @param pageTokens tokens per KV-cache page; every sequence holds whole pages
 */
public record MemoryOptions(
    Fraction gpuMemoryUtilization, int maxTokensPerIteration, int pageTokens) {
  /**
   * vLLM's defaults: {@code gpu_memory_utilization=0.9}, {@code block_size=16}
   * (https://docs.vllm.ai/en/latest/configuration/engine_args.html), and an 8192-token iteration
   * budget, TensorRT-LLM's default {@code max_num_tokens} (TensorRT-LLM docs, "Tuning Max Batch
   * Size and Max Num Tokens").
   */
  public static final MemoryOptions DEFAULT = new MemoryOptions(new Fraction(0.9), 8192, 16);

  public MemoryOptions {
    Objects.requireNonNull(gpuMemoryUtilization, "gpuMemoryUtilization");
    if (gpuMemoryUtilization.value() <= 0 || gpuMemoryUtilization.value() > 1) {
      throw new IllegalArgumentException("gpu memory utilization must be in (0, 1]");
    }
    if (maxTokensPerIteration < 1 || pageTokens < 1) {
      throw new IllegalArgumentException("token budget and page size must be >= 1");
    }
  }

  public MemoryOptions withMaxTokensPerIteration(int tokens) {
    return new MemoryOptions(gpuMemoryUtilization, tokens, pageTokens);
  }
}
