package dev.servplan.hwdb.unit;

/** An amount of US dollars. */
public record Money(double dollars) implements Comparable<Money> {
  public static final Money ZERO = new Money(0);

  public Money {
    if (Double.isNaN(dollars)) {
      throw new IllegalArgumentException("amount is NaN");
    }
  }

  public Money plus(Money other) {
    return new Money(dollars + other.dollars);
  }

  public Money times(double factor) {
    return new Money(dollars * factor);
  }

  @Override
  public int compareTo(Money o) {
    return Double.compare(dollars, o.dollars);
  }

  @Override
  public String toString() {
    return "$" + Quantities.formatNumber(dollars);
  }
}
