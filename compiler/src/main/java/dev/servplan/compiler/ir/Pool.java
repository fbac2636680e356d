package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool of identical GPUs in the inventory. Optional fields default from the GPU's catalog entry.
 */
public record Pool(
    Val<String> name,
    Span span,
    Val<String> gpu,
    Val<Integer> count,
    Optional<Val<Integer>> gpusPerNode,
    Optional<Val<String>> interconnect,
    Optional<Val<String>> network,
    Optional<Val<HourlyPrice>> price) {
  public Pool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(gpusPerNode, "gpusPerNode");
    Objects.requireNonNull(interconnect, "interconnect");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(price, "price");
  }

  public Pool withCount(int newCount) {
    return new Pool(
        name,
        span,
        gpu,
        new Val<>(newCount, count.span()),
        gpusPerNode,
        interconnect,
        network,
        price);
  }
}
