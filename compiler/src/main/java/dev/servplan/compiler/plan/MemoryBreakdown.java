package dev.servplan.compiler.plan;

import dev.servplan.hwdb.unit.Bytes;
import java.util.Objects;

/** Memory use of one GPU of an instance, by component, against the GPU's capacity. */
public record MemoryBreakdown(
    Bytes weights, Bytes kvCache, Bytes activations, Bytes overhead, Bytes total, Bytes capacity) {
  public MemoryBreakdown {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(kvCache, "kvCache");
    Objects.requireNonNull(activations, "activations");
    Objects.requireNonNull(overhead, "overhead");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(capacity, "capacity");
  }

  public boolean fits() {
    return total.bytes() <= capacity.bytes();
  }
}
