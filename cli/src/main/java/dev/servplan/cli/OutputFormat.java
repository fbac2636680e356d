package dev.servplan.cli;

/** Output formats of commands that report diagnostics. */
public enum OutputFormat {
  text,
  json,
  sarif
}
