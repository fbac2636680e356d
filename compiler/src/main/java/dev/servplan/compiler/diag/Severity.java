package dev.servplan.compiler.diag;

import java.util.Locale;

/** How bad a diagnostic is. Errors stop the pipeline after the stage that found them. */
public enum Severity {
  ERROR,
  WARNING,
  NOTE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
