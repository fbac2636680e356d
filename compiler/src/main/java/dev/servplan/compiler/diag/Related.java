package dev.servplan.compiler.diag;

import dev.servplan.compiler.source.Span;
import java.util.Objects;

/**
 * A secondary location that explains a diagnostic, such as the first definition of a duplicate
 * name.
 */
public record Related(Span span, String message) {
  public Related {
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
  }
}
