package dev.servplan.compiler.diag;

import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Objects;

/** A machine-applicable fix: text edits with a title, offered as a quick fix in editors. */
public record Fix(String title, List<Edit> edits) {
  public Fix {
    Objects.requireNonNull(title, "title");
    edits = List.copyOf(edits);
  }

  /** Replace the text of a span. */
  public record Edit(Span span, String replacement) {
    public Edit {
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(replacement, "replacement");
    }
  }

  public static Fix replace(String title, Span span, String replacement) {
    return new Fix(title, List.of(new Edit(span, replacement)));
  }
}
