package dev.servplan.hwdb.unit;

/**
 * A share between 0 and 1, written as a percentage in specs (`99%`). Range is checked by
 * validation, not here.
 */
public record Fraction(double value) implements Comparable<Fraction> {
  public Fraction {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("fraction is NaN");
    }
  }

  public static Fraction ofPercent(double percent) {
    return new Fraction(percent / 100.0);
  }

  public double percent() {
    return value * 100.0;
  }

  @Override
  public int compareTo(Fraction o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Quantities.formatNumber(percent()) + "%";
  }
}
