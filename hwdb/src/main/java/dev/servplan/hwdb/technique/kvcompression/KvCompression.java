package dev.servplan.hwdb.technique.kvcompression;

import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.InstanceConfig;
import java.util.OptionalLong;

/**
 * The cost terms of lossy KV-cache compression (docs/techniques.md, "KV-cache compression"): KIVI
 * 4- and 2-bit asymmetric group quantization of keys and values (Liu et al., "KIVI: A Tuning-Free
 * Asymmetric 2bit Quantization for KV Cache", ICML 2024), and a per-request KV budget that keeps at
 * most a fixed number of tokens (H2O heavy hitters plus a recent window: Zhang et al., "H2O:
 * Heavy-Hitter Oracle for Efficient Generative Inference of Large Language Models", NeurIPS 2023).
 * A quantized KV cache is an {@link InstanceConfig#kvDtype()} of {@link Dtype#INT4} or {@link
 * Dtype#INT2}; the budget is applied by the callers to the context they cost ({@link #keptTokens}).
 */
public final class KvCompression {
  private KvCompression() {}

  /**
   * Elements per quantization group in KIVI: keys are grouped per channel along the tokens, values
   * per token along the channels, 32 elements a group (Liu et al. 2024, experimental setup: group
   * size G = 32). Elements.
   */
  public static final int KIVI_GROUP_ELEMENTS = 32;

  /**
   * Extra storage per KIVI-quantized element: one 16-bit scale and one 16-bit zero point per group
   * (asymmetric quantization, Liu et al. 2024 §3), 4 bytes per {@link #KIVI_GROUP_ELEMENTS}
   * elements. Bytes per element.
   */
  public static final double KIVI_SCALE_BYTES_PER_ELEMENT = 4.0 / KIVI_GROUP_ELEMENTS;

  /** Whether the KV format is one of KIVI's group-quantized integer formats (int4, int2). */
  public static boolean isGroupQuantized(Dtype kvDtype) {
    return kvDtype == Dtype.INT4 || kvDtype == Dtype.INT2;
  }

  /**
   * Bytes one KV element takes in the cache, scales and zero points included. The 16-bit, fp8 and
   * int8 formats keep one scale per tensor (vLLM's and TensorRT-LLM's fp8/int8 KV caches), which is
   * negligible per element.
   */
  public static double bytesPerElement(Dtype kvDtype) {
    double bytes = kvDtype.bytesPerElement();
    return isGroupQuantized(kvDtype) ? bytes + KIVI_SCALE_BYTES_PER_ELEMENT : bytes;
  }

  /**
   * Tokens of a request's KV cache that are kept (and attended to) at a context of {@code
   * contextTokens} under an eviction budget: min(context, budget), or the whole context without a
   * budget.
   */
  public static long keptTokens(long contextTokens, OptionalLong budget) {
    return budget.isPresent() ? Math.min(contextTokens, budget.getAsLong()) : contextTokens;
  }

  /** {@link #keptTokens} for a mean or quantile context that need not be whole. */
  public static double keptTokens(double contextTokens, OptionalLong budget) {
    return budget.isPresent()
        ? Math.min(contextTokens, (double) budget.getAsLong())
        : contextTokens;
  }
}
