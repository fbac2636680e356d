package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.Span;

/**
 * The syntax tree both front ends produce: a document of maps, lists and scalars that mirrors the
 * YAML form of a spec. The DSL front end builds the same shape (a {@code pool} block becomes an
 * item of {@code inventory.pools}), with spans pointing at the DSL text, so lowering, validation
 * and diagnostics are shared by both syntaxes.
 */
public sealed interface Node permits MapNode, ListNode, ScalarNode {
  Span span();

  /** A short description for messages: "a map", "a list", "'800ms'". */
  String describe();

  <R> R accept(NodeVisitor<R> visitor);
}
