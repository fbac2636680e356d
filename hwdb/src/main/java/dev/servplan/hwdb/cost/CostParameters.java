package dev.servplan.hwdb.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The constants of {@link AnalyticalCostModel} that are fitted to published measurements. They are
 * read from {@code fitted.properties}, which is written by the calibration tool ({@code
 * CalibrationFitTest} with {@code -Dcalibrate=true}); nothing here is tuned by hand. The fixed,
 * sourced constants live in {@link CostConstants}.
 *
 * @param gemmEfficiency achievable fraction of the dense tensor-core peak for large matmuls
 *     (dimensionless)
 * @param memoryEfficiency achievable fraction of the HBM peak bandwidth when streaming weights and
 *     KV cache (dimensionless)
 * @param linkEfficiency achievable fraction of the catalog link bandwidth in a ring all-reduce
 *     (dimensionless)
 * @param collectiveLatencyS fixed cost of one collective (launch and synchronisation), seconds
 * @param iterationOverheadS fixed cost of one engine iteration (scheduling, sampling, host sync),
 *     seconds
 * @param layerOverheadS fixed cost per transformer layer per iteration (kernel launches and small
 *     kernels that do not scale with the batch), seconds
 * @param dequantFlopsPerElement cost of widening one weight-only-quantized element to 16 bits, in
 *     16-bit tensor FLOP equivalents, paid once per element per 128-row tile of the batch
 */
public record CostParameters(
    double gemmEfficiency,
    double memoryEfficiency,
    double linkEfficiency,
    double collectiveLatencyS,
    double iterationOverheadS,
    double layerOverheadS,
    double dequantFlopsPerElement) {
  /** Classpath location of the fitted values. */
  public static final String RESOURCE = "/dev/servplan/hwdb/cost/fitted.properties";

  public CostParameters {
    check("gemmEfficiency", gemmEfficiency, 1e-3, 1.0);
    check("memoryEfficiency", memoryEfficiency, 1e-3, 1.0);
    check("linkEfficiency", linkEfficiency, 1e-3, 1.0);
    check("collectiveLatencyS", collectiveLatencyS, 0, 1e-2);
    check("iterationOverheadS", iterationOverheadS, 0, 1.0);
    check("layerOverheadS", layerOverheadS, 0, 1e-2);
    check("dequantFlopsPerElement", dequantFlopsPerElement, 0, 1e4);
  }

  private static void check(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " = " + value + " outside [" + min + ", " + max + "]");
    }
  }

  /** The committed fitted values. */
  public static CostParameters fitted() {
    return Holder.FITTED;
  }

  /** Parameter names as written in {@code fitted.properties}, in a fixed order. */
  public Map<String, Double> asMap() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("gemm.efficiency", gemmEfficiency);
    values.put("memory.efficiency", memoryEfficiency);
    values.put("link.efficiency", linkEfficiency);
    values.put("collective.latency.s", collectiveLatencyS);
    values.put("iteration.overhead.s", iterationOverheadS);
    values.put("layer.overhead.s", layerOverheadS);
    values.put("dequant.flops.per.element", dequantFlopsPerElement);
    return values;
  }

  /** Inverse of {@link #asMap()}. */
  public static CostParameters fromMap(Map<String, Double> values) {
    return new CostParameters(
        get(values, "gemm.efficiency"),
        get(values, "memory.efficiency"),
        get(values, "link.efficiency"),
        get(values, "collective.latency.s"),
        get(values, "iteration.overhead.s"),
        get(values, "layer.overhead.s"),
        get(values, "dequant.flops.per.element"));
  }

  private static double get(Map<String, Double> values, String key) {
    Double value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("fitted cost parameter '" + key + "' is missing");
    }
    return value;
  }

  static CostParameters load(InputStream in) throws IOException {
    Properties properties = new Properties();
    properties.load(in);
    Map<String, Double> values = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, Double.parseDouble(properties.getProperty(key).trim()));
    }
    return fromMap(values);
  }

  private static final class Holder {
    static final CostParameters FITTED = read();

    private static CostParameters read() {
      try (InputStream in = CostParameters.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing classpath resource " + RESOURCE);
        }
        return load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
