package dev.servplan.hwdb.catalog;

import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One GPU model from the hardware catalog. Figures are datasheet values; {@link #sources()} maps each
 * field name (for example {@code memory}, {@code tflops.fp8}, {@code price}) to where it comes from.
 *
 * @param denseTflops dense (no sparsity) tensor-core peak per dtype, in TFLOPS (1e12 FLOP/s); a
 *     dtype absent from the map is not supported by the tensor cores
 * @param memoryBandwidthBytesPerS HBM/GDDR peak bandwidth in bytes/s
 * @param intraNodeLink id of the default GPU-to-GPU link inside a node
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
    denseTflops = Map.copyOf(denseTflops);
    Objects.requireNonNull(l2Cache, "l2Cache");
    Objects.requireNonNull(intraNodeLink, "intraNodeLink");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(priceDate, "priceDate");
    sources = Map.copyOf(sources);
  }

  /** Dense peak for a dtype in FLOP/s, if the tensor cores support it natively. */
  public Optional<Double> peakFlops(Dtype dtype) {
    Double tflops = denseTflops.get(dtype);
    return tflops == null ? Optional.empty() : Optional.of(tflops * 1e12);
  }

  public boolean supports(Dtype dtype) {
    return denseTflops.containsKey(dtype);
  }
}
