package dev.servplan.hwdb.unit;

/** A price per hour in US dollars: of one GPU (`2.49/h`), or of a whole plan. */
public record HourlyPrice(double dollarsPerHour) implements Comparable<HourlyPrice> {
  public static final HourlyPrice ZERO = new HourlyPrice(0);

  public HourlyPrice {
    if (Double.isNaN(dollarsPerHour)) {
      throw new IllegalArgumentException("price is NaN");
    }
  }

  public HourlyPrice plus(HourlyPrice other) {
    return new HourlyPrice(dollarsPerHour + other.dollarsPerHour);
  }

  public HourlyPrice times(double factor) {
    return new HourlyPrice(dollarsPerHour * factor);
  }

  @Override
  public int compareTo(HourlyPrice o) {
    return Double.compare(dollarsPerHour, o.dollarsPerHour);
  }

  @Override
  public String toString() {
    return Quantities.formatNumber(dollarsPerHour) + "/h";
  }
}
