package dev.servplan.solver;

import java.util.Arrays;

/**
 * Iteration seconds by integer batch shape (decoding sequences, prefill tokens), for the queueing
 * model's searches, which ask for the same few shapes thousands of times: open addressing over
 * primitive arrays, so a lookup neither boxes nor allocates. Not thread-safe; one per model family
 * (a candidate's probe and its copies, evaluated on one thread).
 */
final class ShapeMemo {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys = new long[64];
  private double[] values = new double[64];
  private int size;

  ShapeMemo() {
    Arrays.fill(keys, EMPTY);
  }

  /** The key of a shape: decodes in the high half, prefill tokens in the low half. */
  static long key(int decodes, int prefillTokens) {
    return ((long) decodes << 32) | (prefillTokens & 0xffffffffL);
  }

  /** The stored seconds for {@code key}, or NaN. */
  double get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return Double.NaN;
      }
    }
  }

  void put(long key, double seconds) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == EMPTY) {
        keys[i] = key;
        values[i] = seconds;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = seconds;
        return;
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    double[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new double[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
