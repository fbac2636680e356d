package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;

/**
 * Memory of one GPU of an instance (the most loaded pipeline stage).
 *
 * @param capacity the GPU's physical memory
 * @param usable the part the engine may use ({@code capacity × gpuMemoryUtilization})
 * @param weights this GPU's shard of the weights, quantization scales included
 * @param activations activation and workspace buffers for one iteration at the token budget
 * @param overhead CUDA context, communication buffers and captured CUDA graphs
 * @param kvCapacity what is left for the KV cache (negative when the rest does not fit)
 * @param kvBytesPerToken KV-cache bytes one token of context takes on this GPU
 * @param pageTokens KV-cache page size in tokens
 */
public record MemoryEstimate(
    Bytes capacity,
    Bytes usable,
    Bytes weights,
    Bytes activations,
    Bytes overhead,
    Bytes kvCapacity,
    double kvBytesPerToken,
    int pageTokens) {
  public MemoryEstimate {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(usable, "usable");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(activations, "activations");
    Objects.requireNonNull(overhead, "overhead");
    Objects.requireNonNull(kvCapacity, "kvCapacity");
  }

  /** Whether weights, buffers and at least one KV page fit. */
  public boolean fits() {
    return maxKvTokens() >= pageTokens;
  }

  /** KV-cache tokens that fit, in whole pages. */
  public long maxKvTokens() {
    if (kvCapacity.bytes() <= 0 || kvBytesPerToken <= 0) {
      return 0;
    }
    long pages = (long) Math.floor(kvCapacity.bytes() / (kvBytesPerToken * pageTokens));
    return pages * pageTokens;
  }

  /** Tokens a sequence of {@code contextTokens} occupies once rounded up to whole pages. */
  public long pagedTokens(long contextTokens) {
    return ((contextTokens + pageTokens - 1) / pageTokens) * pageTokens;
  }

  /** Most sequences of {@code contextTokens} each whose KV cache fits at once (0 if none). */
  public int maxBatch(long contextTokens) {
    if (contextTokens <= 0) {
      throw new IllegalArgumentException("context must be >= 1 token");
    }
    long batch = maxKvTokens() / pagedTokens(contextTokens);
    return (int) Math.min(Integer.MAX_VALUE, batch);
  }

  /** KV cache {@code sequences} sequences of {@code contextTokens} each occupy on this GPU. */
  public Bytes kvFor(int sequences, long contextTokens) {
    return new Bytes((double) sequences * pagedTokens(contextTokens) * kvBytesPerToken);
  }

  /** Everything but the KV cache. */
  public Bytes fixed() {
    return weights.plus(activations).plus(overhead);
  }
}
