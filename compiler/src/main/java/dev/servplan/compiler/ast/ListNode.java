package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Objects;

/** An ordered list. */
public record ListNode(List<Node> items, Span span) implements Node {
  public ListNode {
    items = List.copyOf(items);
    Objects.requireNonNull(span, "span");
  }

  @Override
  public String describe() {
    return "a list";
  }

  @Override
  public <R> R accept(NodeVisitor<R> visitor) {
    return visitor.visitList(this);
  }
}
