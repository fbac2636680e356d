package dev.servplan.compiler.yaml;

/**
 * Converts SnakeYAML mark indexes into char offsets. SnakeYAML counts code points, so every
 * character outside the Basic Multilingual Plane (an emoji, say) shifts its index one behind the
 * Java char offset that spans use; without this a span after an emoji would point one char too
 * early.
 */
final class CodePointOffsets {
  private final int length;

  /** Char offset of each code point index, or null when the text has no surrogate pairs. */
  private final int[] charOffsets;

  CodePointOffsets(String text) {
    this.length = text.length();
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      this.charOffsets = null;
      return;
    }
    int[] offsets = new int[codePoints + 1];
    int chars = 0;
    for (int i = 0; i < codePoints; i++) {
      offsets[i] = chars;
      chars += Character.charCount(text.codePointAt(chars));
    }
    offsets[codePoints] = chars;
    this.charOffsets = offsets;
  }

  /** The char offset of a code point index, clamped to the text. */
  int toChar(int codePointIndex) {
    if (codePointIndex < 0) {
      return 0;
    }
    if (charOffsets == null) {
      return Math.min(codePointIndex, length);
    }
    return codePointIndex >= charOffsets.length ? length : charOffsets[codePointIndex];
  }
}
