package dev.servplan.hwdb.catalog;

import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One GPU model from the hardware catalog. Figures are datasheet values; {@link #sources()} maps
 * each field name (for example {@code memory}, {@code tflops.fp8}, {@code price}) to where it comes
 * from.
 *
 * <p>{@code fp32} in {@link #denseTflops()} is the non-tensor (CUDA-core / vector) FP32 peak; the
 * other dtypes are tensor-core (matrix-core) peaks with FP32 accumulation where the vendor
 * distinguishes.
 *
 * @param denseTflops dense (no sparsity) tensor-core peak per dtype, in TFLOPS (1e12 FLOP/s); a
 *     dtype absent from the map is not supported by the tensor cores
 * @param memoryBandwidthBytesPerS HBM/GDDR peak bandwidth in bytes/s
 * @param intraNodeLink id of the default GPU-to-GPU link inside a node
 * @param tdpWatts board power (TDP/TGP) in watts
 * @param price typical on-demand cloud price of one GPU, dated by {@code priceDate} (ISO month)
 */
public record GpuSpec(
    String id,
    String displayName,
    String vendor,
    List<String> aliases,
    Bytes memory,
    double memoryBandwidthBytesPerS,
    Map<Dtype, Double> denseTflops,
    int smCount,
    Bytes l2Cache,
    String intraNodeLink,
    int defaultGpusPerNode,
    double tdpWatts,
    HourlyPrice price,
    String priceDate,
    Map<String, String> sources) {
  public GpuSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(vendor, "vendor");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(memory, "memory");
    // Enum and sorted order (not Map.copyOf's unspecified order) so printed specs are stable.
    EnumMap<Dtype, Double> byDtype = new EnumMap<>(Dtype.class);
    byDtype.putAll(denseTflops);
    denseTflops = Collections.unmodifiableMap(byDtype);
    Objects.requireNonNull(l2Cache, "l2Cache");
    Objects.requireNonNull(intraNodeLink, "intraNodeLink");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(priceDate, "priceDate");
    sources = Collections.unmodifiableMap(new TreeMap<>(sources));
  }

  /** Dense peak for a dtype in FLOP/s, if the tensor cores support it natively. */
  public Optional<Double> peakFlops(Dtype dtype) {
    Double tflops = denseTflops.get(dtype);
    return tflops == null ? Optional.empty() : Optional.of(tflops * 1e12);
  }

  public boolean supports(Dtype dtype) {
    return denseTflops.containsKey(dtype);
  }

  /**
   * Where a figure comes from, by field name ({@code memory}, {@code tflops.bf16}, {@code price}).
   */
  public Optional<String> source(String field) {
    return Optional.ofNullable(sources.get(field));
  }
}
