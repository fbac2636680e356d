package dev.servplan.hwdb.unit;

/** Events (requests, tokens) per second. */
public record Rate(double perSecond) implements Comparable<Rate> {
  public Rate {
    if (Double.isNaN(perSecond)) {
      throw new IllegalArgumentException("rate is NaN");
    }
  }

  public static Rate perSecond(double value) {
    return new Rate(value);
  }

  public static Rate perMinute(double value) {
    return new Rate(value / 60.0);
  }

  public static Rate perHour(double value) {
    return new Rate(value / 3600.0);
  }

  @Override
  public int compareTo(Rate o) {
    return Double.compare(perSecond, o.perSecond);
  }

  @Override
  public String toString() {
    return Quantities.formatNumber(perSecond) + "/s";
  }
}
