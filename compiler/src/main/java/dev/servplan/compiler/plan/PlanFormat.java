package dev.servplan.compiler.plan;

import java.util.Locale;

/** The file formats a plan is written in. */
public enum PlanFormat {
  JSON,
  YAML;

  /** YAML for {@code .yaml}/{@code .yml} file names, JSON otherwise. */
  public static PlanFormat forFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
  }
}
