package dev.servplan.hwdb.unit;

/** A length of time, stored in seconds. */
public record Duration(double seconds) implements Comparable<Duration> {
  public static final Duration ZERO = new Duration(0);

  public Duration {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("duration is NaN");
    }
  }

  public static Duration ofSeconds(double seconds) {
    return new Duration(seconds);
  }

  public static Duration ofMillis(double millis) {
    return new Duration(millis / 1000.0);
  }

  public double millis() {
    return seconds * 1000.0;
  }

  public Duration plus(Duration other) {
    return new Duration(seconds + other.seconds);
  }

  public Duration times(double factor) {
    return new Duration(seconds * factor);
  }

  @Override
  public int compareTo(Duration o) {
    return Double.compare(seconds, o.seconds);
  }

  @Override
  public String toString() {
    return Quantities.formatDuration(this);
  }
}
