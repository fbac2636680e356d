package dev.servplan.compiler.ir;

import java.util.Locale;

/** Whether the solver may choose a serving technique (auto), must not (never), or must (always). */
public enum Toggle {
  AUTO,
  NEVER,
  ALWAYS;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
