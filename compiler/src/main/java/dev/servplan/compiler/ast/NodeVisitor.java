package dev.servplan.compiler.ast;

/** One method per node kind; adding a kind breaks every visitor at compile time. */
public interface NodeVisitor<R> {
  R visitMap(MapNode node);

  R visitList(ListNode node);

  R visitScalar(ScalarNode node);
}
