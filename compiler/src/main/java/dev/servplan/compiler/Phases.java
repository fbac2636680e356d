package dev.servplan.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time spent in each phase of one compile (parse, lower, validate, enumerate, evaluate, ILP,
 * packing, baseline), for {@code servplan compile --profile}. Phases that run on several threads
 * add up their threads' time, so the total may exceed the wall time; {@link #render} says so.
 * Thread-safe.
 */
public final class Phases {
  /** A recorder that records nothing, for callers that do not profile. */
  public static final Phases NONE = new Phases(false);

  private final boolean enabled;
  private final Map<String, long[]> nanos = new LinkedHashMap<>();

  private Phases(boolean enabled) {
    this.enabled = enabled;
  }

  /** A recorder that records. */
  public static Phases recording() {
    return new Phases(true);
  }

  /** Adds {@code elapsed} nanoseconds to {@code phase}. */
  public void add(String phase, long elapsed) {
    if (!enabled) {
      return;
    }
    synchronized (nanos) {
      long[] slot = nanos.computeIfAbsent(phase, k -> new long[2]);
      slot[0] += elapsed;
      slot[1]++;
    }
  }

  /** Runs {@code work} and charges its wall time to {@code phase}. */
  public <T> T time(String phase, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      add(phase, System.nanoTime() - start);
    }
  }

  /** Seconds recorded for {@code phase} (0 when none). */
  public double seconds(String phase) {
    synchronized (nanos) {
      long[] slot = nanos.get(phase);
      return slot == null ? 0 : slot[0] / 1e9;
    }
  }

  /** The phases in the order they were first recorded. */
  public List<String> phases() {
    synchronized (nanos) {
      return new ArrayList<>(nanos.keySet());
    }
  }

  /** A table of the phases, their seconds and how many times each ran. */
  public String render() {
    StringBuilder out = new StringBuilder("phase          seconds   runs\n");
    synchronized (nanos) {
      for (Map.Entry<String, long[]> e : nanos.entrySet()) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-13s %8.3f %6d%n",
                e.getKey(),
                e.getValue()[0] / 1e9,
                e.getValue()[1]));
      }
    }
    out.append("(phases run on several threads add up their threads' time)\n");
    return out.toString();
  }
}
