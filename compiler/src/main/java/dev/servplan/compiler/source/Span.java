package dev.servplan.compiler.source;

import java.util.Objects;

/** A half-open range {@code [start, end)} of char offsets in one source. Never null on a node. */
public record Span(SourceId file, int start, int end) {
  public Span {
    Objects.requireNonNull(file, "file");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** The smallest span covering both. */
  public Span union(Span other) {
    if (!file.equals(other.file)) {
      return this;
    }
    return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
  }

  public boolean contains(int offset) {
    return offset >= start && offset <= end;
  }

  public int length() {
    return end - start;
  }
}
