package dev.servplan.lsp.service;

import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between our char offsets and LSP positions. LSP counts characters in UTF-16 code units
 * (the default position encoding); so does a Java {@code String}, so a column in chars is already
 * an LSP character and only the 1-based line map needs shifting.
 */
public final class Positions {
  private Positions() {}

  public static Position position(LineMap lines, int offset) {
    LineMap.Position p = lines.position(offset);
    return new Position(p.line() - 1, p.column() - 1);
  }

  public static Range range(LineMap lines, Span span) {
    return new Range(position(lines, span.start()), position(lines, span.end()));
  }

  public static Range range(LineMap lines, int start, int end) {
    return new Range(position(lines, start), position(lines, end));
  }

  /** The offset of a position, clamped to its line and to the text. */
  public static int offset(LineMap lines, Position position) {
    return lines.offset(position.getLine() + 1, position.getCharacter() + 1);
  }

  /** Whether two ranges share at least one position (touching counts, as editors expect). */
  public static boolean overlaps(Range a, Range b) {
    return compare(a.getStart(), b.getEnd()) <= 0 && compare(b.getStart(), a.getEnd()) <= 0;
  }

  static int compare(Position a, Position b) {
    return a.getLine() != b.getLine()
        ? Integer.compare(a.getLine(), b.getLine())
        : Integer.compare(a.getCharacter(), b.getCharacter());
  }
}
