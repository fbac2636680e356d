package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Objects;

/** A key and its value inside a map, with the comment lines written just above it. */
public record Entry(String key, Span keySpan, Node value, List<String> comments) {
  public Entry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keySpan, "keySpan");
    Objects.requireNonNull(value, "value");
    comments = List.copyOf(comments);
  }

  public Entry(String key, Span keySpan, Node value) {
    this(key, keySpan, value, List.of());
  }

  /** Key and value together. */
  public Span span() {
    return keySpan.union(value.span());
  }
}
