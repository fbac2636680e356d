package dev.servplan.hwdb.catalog;

import java.util.Objects;

/** A figure together with where it comes from (datasheet, paper, config file) and its unit. */
public record Sourced(double value, String unit, String source) {
  public Sourced {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(source, "source");
  }
}
