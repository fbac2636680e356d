package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An ordered map; keys are unique (front ends report duplicates and keep the first). */
public record MapNode(List<Entry> entries, Span span) implements Node {
  public MapNode {
    entries = List.copyOf(entries);
    Objects.requireNonNull(span, "span");
  }

  public Optional<Entry> entry(String key) {
    for (Entry entry : entries) {
      if (entry.key().equals(key)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  public Optional<Node> get(String key) {
    return entry(key).map(Entry::value);
  }

  @Override
  public String describe() {
    return "a map";
  }

  @Override
  public <R> R accept(NodeVisitor<R> visitor) {
    return visitor.visitMap(this);
  }
}
