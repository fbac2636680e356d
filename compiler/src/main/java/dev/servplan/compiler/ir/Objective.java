package dev.servplan.compiler.ir;

import java.util.Locale;

/** What the solver optimizes. */
public enum Objective {
  MINIMIZE_COST,
  MAXIMIZE_GOODPUT,
  MINIMIZE_LATENCY;

  /** The spelling in specs and plans: {@code minimize-cost}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
