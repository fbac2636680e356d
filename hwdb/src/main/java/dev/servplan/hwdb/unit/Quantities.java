package dev.servplan.hwdb.unit;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Canonical, locale-independent text forms of quantities, shared by printers so outputs are
 * byte-stable.
 */
public final class Quantities {
  private Quantities() {}

  /** Shortest plain decimal that round-trips at 6 significant digits: 2.49, 1500, 0.05. */
  public static String formatNumber(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6));
    String text = rounded.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  public static String formatDuration(Duration duration) {
    double s = duration.seconds();
    if (s != 0 && Math.abs(s) < 1.0) {
      return formatNumber(duration.millis()) + "ms";
    }
    return formatNumber(s) + "s";
  }

  public static String formatBytes(Bytes bytes) {
    return formatNumber(bytes.gib()) + "GiB";
  }
}
