package dev.servplan.hwdb.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The units a catalog data file may write a figure in, and their factor to the base unit the
 * records hold. Decimal prefixes (GB, TB/s) are powers of ten and binary ones (GiB, MiB) powers of
 * two, as on the datasheets: mixing them up is a 7% error at GiB scale.
 */
final class Units {
  /** What a figure measures, with the base unit the records store. */
  enum Dimension {
    BYTES("bytes"),
    BANDWIDTH("bytes/s"),
    TIME("s"),
    THROUGHPUT("TFLOPS"),
    POWER("W"),
    COUNT("count"),
    PRICE("USD/GPU-hour"),
    PARAMS("billion parameters");

    final String base;

    Dimension(String base) {
      this.base = base;
    }
  }

  private record Unit(Dimension dimension, double factor) {}

  private static final Map<String, Unit> UNITS = new TreeMap<>();

  static {
    unit(Dimension.BYTES, 1, "B");
    unit(Dimension.BYTES, 1e3, "KB");
    unit(Dimension.BYTES, 1024.0, "KiB");
    unit(Dimension.BYTES, 1e6, "MB");
    unit(Dimension.BYTES, 1e9, "GB");
    unit(Dimension.BYTES, 1e12, "TB");
    unit(Dimension.BYTES, 1024.0 * 1024, "MiB");
    unit(Dimension.BYTES, 1024.0 * 1024 * 1024, "GiB");
    unit(Dimension.BYTES, 1024.0 * 1024 * 1024 * 1024, "TiB");
    unit(Dimension.BANDWIDTH, 1e6, "MB/s");
    unit(Dimension.BANDWIDTH, 1e9, "GB/s");
    unit(Dimension.BANDWIDTH, 1e12, "TB/s");
    // Network and PCIe rates are quoted in bits; 8 bits per byte, encoding overhead is in the
    // value.
    unit(Dimension.BANDWIDTH, 1e9 / 8, "Gbit/s");
    unit(Dimension.TIME, 1, "s");
    unit(Dimension.TIME, 1e-3, "ms");
    unit(Dimension.TIME, 1e-6, "us");
    unit(Dimension.TIME, 1e-9, "ns");
    unit(Dimension.THROUGHPUT, 1, "TFLOPS", "TOPS");
    unit(Dimension.THROUGHPUT, 1000, "PFLOPS", "POPS");
    unit(Dimension.POWER, 1, "W");
    unit(Dimension.COUNT, 1, "SMs", "CUs", "GPUs");
    unit(Dimension.PRICE, 1, "USD/GPU-hour");
    unit(Dimension.PARAMS, 1, "billion");
  }

  private Units() {}

  private static void unit(Dimension dimension, double factor, String... names) {
    for (String name : names) {
      UNITS.put(name, new Unit(dimension, factor));
    }
  }

  /**
   * The value in the dimension's base unit, or empty when the unit is unknown or measures something
   * else.
   */
  static Optional<Double> toBase(double value, String unit, Dimension expected) {
    Unit u = UNITS.get(unit);
    if (u == null || u.dimension() != expected) {
      return Optional.empty();
    }
    return Optional.of(value * u.factor());
  }

  /** The units accepted for a dimension, for error messages. */
  static String accepted(Dimension dimension) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Unit> e : UNITS.entrySet()) {
      if (e.getValue().dimension() == dimension) {
        text.append(text.length() == 0 ? "" : ", ").append(e.getKey());
      }
    }
    return text.toString();
  }
}
