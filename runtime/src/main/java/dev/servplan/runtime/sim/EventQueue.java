package dev.servplan.runtime.sim;

import java.util.Arrays;

/**
 * A min-heap of timed events held in parallel primitive arrays, so scheduling an event allocates
 * nothing once the arrays have grown. Ties in time are broken by insertion order, which makes the
 * simulation deterministic. An event is a kind and an integer id (an instance, a deployment, a
 * request slot).
 */
final class EventQueue {
  private double[] times = new double[64];
  private long[] order = new long[64];
  private int[] kinds = new int[64];
  private int[] ids = new int[64];
  private int size;
  private long sequence;

  private double topTime;
  private int topKind;
  private int topId;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void push(double time, int kind, int id) {
    if (size == times.length) {
      int capacity = size * 2;
      times = Arrays.copyOf(times, capacity);
      order = Arrays.copyOf(order, capacity);
      kinds = Arrays.copyOf(kinds, capacity);
      ids = Arrays.copyOf(ids, capacity);
    }
    int i = size++;
    long seq = sequence++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(time, seq, times[parent], order[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, time, seq, kind, id);
  }

  /** Removes the earliest event; read it with {@link #time()}, {@link #kind()}, {@link #id()}. */
  void pop() {
    if (size == 0) {
      throw new IllegalStateException("event queue is empty");
    }
    topTime = times[0];
    topKind = kinds[0];
    topId = ids[0];
    size--;
    if (size == 0) {
      return;
    }
    double time = times[size];
    long seq = order[size];
    int kind = kinds[size];
    int id = ids[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size
          && less(times[child + 1], order[child + 1], times[child], order[child])) {
        child++;
      }
      if (!less(times[child], order[child], time, seq)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, time, seq, kind, id);
  }

  double time() {
    return topTime;
  }

  int kind() {
    return topKind;
  }

  int id() {
    return topId;
  }

  private static boolean less(double t1, long s1, double t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    order[to] = order[from];
    kinds[to] = kinds[from];
    ids[to] = ids[from];
  }

  private void set(int i, double time, long seq, int kind, int id) {
    times[i] = time;
    order[i] = seq;
    kinds[i] = kind;
    ids[i] = id;
  }
}
