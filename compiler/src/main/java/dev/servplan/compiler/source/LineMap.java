package dev.servplan.compiler.source;

import java.util.Arrays;

/** Turns char offsets into 1-based line and column numbers, only when rendering. */
public final class LineMap {
  private final String text;
  private final int[] lineStarts;

  public LineMap(String text) {
    this.text = text;
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  /** 1-based line and column (columns count chars) of an offset. */
  public record Position(int line, int column) {}

  public Position position(int offset) {
    int clamped = Math.max(0, Math.min(offset, text.length()));
    int index = Arrays.binarySearch(lineStarts, clamped);
    int line = index >= 0 ? index : -index - 2;
    return new Position(line + 1, clamped - lineStarts[line] + 1);
  }

  /** Offset of a 1-based line and column, clamped to the text. */
  public int offset(int line, int column) {
    int lineIndex = Math.max(0, Math.min(line - 1, lineStarts.length - 1));
    int lineEnd = lineEnd(lineIndex);
    return Math.min(lineStarts[lineIndex] + Math.max(0, column - 1), lineEnd);
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The text of a 1-based line without its terminator. */
  public String lineText(int line) {
    int lineIndex = line - 1;
    if (lineIndex < 0 || lineIndex >= lineStarts.length) {
      return "";
    }
    return text.substring(lineStarts[lineIndex], lineEnd(lineIndex));
  }

  private int lineEnd(int lineIndex) {
    int end = lineIndex + 1 < lineStarts.length ? lineStarts[lineIndex + 1] : text.length();
    while (end > lineStarts[lineIndex]
        && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return end;
  }
}
