package dev.servplan.compiler.source;

import java.util.Objects;

/**
 * The name of a source: a file path as the user wrote it, or a synthetic name such as {@code
 * <stdin>}.
 */
public record SourceId(String name) implements Comparable<SourceId> {
  public SourceId {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(SourceId o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
