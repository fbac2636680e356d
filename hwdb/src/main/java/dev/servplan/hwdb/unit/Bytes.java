package dev.servplan.hwdb.unit;

/**
 * An amount of memory or data, stored in bytes (a double: sizes are model estimates, not
 * addresses).
 */
public record Bytes(double bytes) implements Comparable<Bytes> {
  public static final double KIB = 1024.0;
  public static final double MIB = 1024.0 * 1024.0;
  public static final double GIB = 1024.0 * 1024.0 * 1024.0;
  public static final double GB = 1e9;
  public static final Bytes ZERO = new Bytes(0);

  public Bytes {
    if (Double.isNaN(bytes)) {
      throw new IllegalArgumentException("byte count is NaN");
    }
  }

  public static Bytes ofGiB(double gib) {
    return new Bytes(gib * GIB);
  }

  public static Bytes ofGB(double gb) {
    return new Bytes(gb * GB);
  }

  public double gib() {
    return bytes / GIB;
  }

  public double gb() {
    return bytes / GB;
  }

  public Bytes plus(Bytes other) {
    return new Bytes(bytes + other.bytes);
  }

  public Bytes minus(Bytes other) {
    return new Bytes(bytes - other.bytes);
  }

  public Bytes times(double factor) {
    return new Bytes(bytes * factor);
  }

  @Override
  public int compareTo(Bytes o) {
    return Double.compare(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return Quantities.formatBytes(this);
  }
}
