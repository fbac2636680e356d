package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.Span;
import java.util.Objects;

/**
 * A leaf value as written: {@code 800ms}, {@code 2.49/h}, {@code llama-3.1-70b}, {@code "a path"}.
 * Front ends do not interpret units; lowering does, so both syntaxes share unit diagnostics.
 */
public record ScalarNode(String text, Style style, Span span) implements Node {
  /** How the scalar was written. */
  public enum Style {
    /** Unquoted: may be a number, a quantity, a boolean or an identifier. */
    PLAIN,
    /** Quoted: always a string. */
    QUOTED,
    /** An explicit or implicit null (YAML {@code ~}, {@code null}, or a key with no value). */
    NULL
  }

  public ScalarNode {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(span, "span");
  }

  @Override
  public String describe() {
    return style == Style.NULL ? "nothing" : "'" + text + "'";
  }

  @Override
  public <R> R accept(NodeVisitor<R> visitor) {
    return visitor.visitScalar(this);
  }
}
