package dev.servplan.compiler.diag.render;

import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/** rustc-style text: the code and message, {@code file:line:col}, the source line, carets, help. */
public final class TextRenderer {
  private final Sources sources;

  public TextRenderer(Sources sources) {
    this.sources = sources;
  }

  public String render(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      render(d, out);
      out.append('\n');
    }
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    long warnings = diagnostics.size() - errors;
    if (!diagnostics.isEmpty()) {
      out.append(summary(errors, warnings)).append('\n');
    }
    return out.toString();
  }

  static String summary(long errors, long others) {
    return plural(errors, "error") + ", " + plural(others, "warning");
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  public void render(Diagnostic d, StringBuilder out) {
    out.append(d.severity().label())
        .append('[')
        .append(d.code().name())
        .append("]: ")
        .append(d.message())
        .append('\n');
    snippet(d.span(), null, out);
    for (Related r : d.related()) {
      out.append("note: ").append(r.message()).append('\n');
      snippet(r.span(), null, out);
    }
    if (d.help() != null) {
      out.append("   = help: ").append(d.help()).append('\n');
    }
  }

  private void snippet(Span span, String label, StringBuilder out) {
    Optional<SourceFile> file = sources.get(span.file());
    if (file.isEmpty()) {
      out.append("  --> ").append(span.file()).append('\n');
      return;
    }
    LineMap lines = file.get().lineMap();
    LineMap.Position start = lines.position(span.start());
    LineMap.Position end = lines.position(span.end());
    out.append("  --> ")
        .append(span.file())
        .append(':')
        .append(start.line())
        .append(':')
        .append(start.column())
        .append('\n');
    String lineText = lines.lineText(start.line()).replace('\t', ' ');
    String number = String.valueOf(start.line());
    String gutter = " ".repeat(number.length());
    out.append(' ').append(gutter).append(" |\n");
    out.append(' ').append(number).append(" | ").append(printable(lineText)).append('\n');
    int from = Math.min(start.column() - 1, lineText.length());
    int to =
        end.line() == start.line()
            ? Math.min(end.column() - 1, lineText.length())
            : lineText.length();
    int width = Math.max(1, to - from);
    out.append(' ').append(gutter).append(" | ").append(" ".repeat(from)).append("^".repeat(width));
    if (label != null) {
      out.append(' ').append(label);
    }
    out.append('\n');
  }

  /** Control characters would garble a terminal; show them as '?' in the excerpt. */
  private static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length() && i < 240; i++) {
      char c = text.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }
}
