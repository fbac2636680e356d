package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.MemoryBreakdown;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The memory knob of each engine, computed from the plan's per-GPU memory breakdown. Each engine
 * asks a different question, so each gets its own quotient; all are rounded up at 0.01 so the
 * engine reserves at least what the plan counted.
 */
public final class MemoryFractions {
  private MemoryFractions() {}

  /**
   * vLLM {@code --gpu-memory-utilization}: the share of the whole GPU the instance may use for
   * weights, activations and KV cache together (vLLM engine arguments: "the fraction of GPU memory
   * to be used for the model executor"), so everything the plan counts over the capacity.
   */
  public static double vllmUtilization(MemoryBreakdown m) {
    double used =
        m.weights().bytes() + m.kvCache().bytes() + m.activations().bytes() + m.overhead().bytes();
    return ceil2(used / m.capacity().bytes());
  }

  /**
   * SGLang {@code --mem-fraction-static}: the share of GPU memory for the static pool, which is the
   * weights plus the KV cache (SGLang server arguments); activations and overhead stay outside it.
   */
  public static double sglangStatic(MemoryBreakdown m) {
    return ceil2((m.weights().bytes() + m.kvCache().bytes()) / m.capacity().bytes());
  }

  /**
   * TensorRT-LLM {@code kv_cache_config.free_gpu_memory_fraction}: the share of the memory left
   * free after weights and buffers that goes to the KV cache (trtllm-serve docs: "free GPU memory
   * fraction reserved for KV cache, after allocating model weights and buffers").
   */
  public static double trtllmFreeFraction(MemoryBreakdown m) {
    double free =
        m.capacity().bytes() - m.weights().bytes() - m.activations().bytes() - m.overhead().bytes();
    if (free <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return ceil2(m.kvCache().bytes() / free);
  }

  /** Two decimals in the canonical form ({@code 0.9}, {@code 0.94}). */
  public static String format(double fraction) {
    return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
  }

  private static double ceil2(double value) {
    // Subtract a hair first so a quotient that is 0.9 up to float noise does not round to 0.91.
    return BigDecimal.valueOf(value - 1e-9).setScale(2, RoundingMode.CEILING).doubleValue();
  }
}
