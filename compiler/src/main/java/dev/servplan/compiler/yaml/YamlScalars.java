package dev.servplan.compiler.yaml;

import java.util.Locale;
import java.util.Set;

/**
 * The YAML rules for writing a scalar: which texts read back as null and which may stay unquoted.
 */
final class YamlScalars {
  /** Plain scalars that YAML 1.1 (SnakeYAML's resolver) reads as null; the empty one included. */
  private static final Set<String> NULL_WORDS = Set.of("", "~", "null", "Null", "NULL");

  /** Characters that may not start a plain scalar (YAML 1.1 section 4.2.3, c-indicator). */
  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  private YamlScalars() {}

  static boolean isNullWord(String text) {
    return NULL_WORDS.contains(text);
  }

  /**
   * Whether {@code text} can be written without quotes and read back as the same plain, non-null
   * scalar. Conservative: a text this rejects is quoted, which is always correct to read.
   */
  static boolean isSafePlain(String text, boolean inFlow) {
    return !isNullWord(text) && isSafePlainText(text, inFlow);
  }

  /** The same check for a key, where null words are fine because keys are kept as text. */
  static boolean isSafePlainKey(String text) {
    return !text.equals("<<") && !text.isEmpty() && isSafePlainText(text, false);
  }

  private static boolean isSafePlainText(String text, boolean inFlow) {
    if (text.isEmpty() || text.startsWith("---") || text.startsWith("...")) {
      return false;
    }
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    if (first == ' ' || first == '\t' || last == ' ' || last == '\t' || last == ':') {
      return false;
    }
    if (INDICATORS.indexOf(first) >= 0) {
      // '-', '?' and ':' may start a plain scalar when a non-space follows ("-1", "-x").
      boolean dashLike = first == '-' || first == '?' || first == ':';
      if (!dashLike || text.length() < 2 || text.charAt(1) == ' ' || text.charAt(1) == '\t') {
        return false;
      }
      // Inside brackets '?' always opens a key, whatever follows it.
      if (inFlow && (first == '?' || ",[]{}".indexOf(text.charAt(1)) >= 0)) {
        return false;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isPrintable(text.codePointAt(i))
          || c == '\n'
          || c == '\r'
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        i++;
        continue;
      }
      if (c == ':'
          && i + 1 < text.length()
          && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t')) {
        return false;
      }
      if (c == '#' && i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
        return false;
      }
      if (inFlow && (",[]{}".indexOf(c) >= 0 || c == ':')) {
        return false;
      }
    }
    return true;
  }

  /** YAML's printable set (c-printable); anything else must be escaped inside double quotes. */
  static boolean isPrintable(int cp) {
    return cp == 0x9
        || cp == 0xA
        || cp == 0xD
        || (cp >= 0x20 && cp <= 0x7E)
        || cp == 0x85
        || (cp >= 0xA0 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /**
   * The text as a double-quoted YAML scalar that reads back exactly, escaping breaks and controls.
   */
  static String doubleQuoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case 0x85:
          out.append("\\N");
          break;
        case 0x2028:
          out.append("\\L");
          break;
        case 0x2029:
          out.append("\\P");
          break;
        case 0xFEFF:
          out.append("\\uFEFF");
          break;
        default:
          if (isPrintable(cp)) {
            out.appendCodePoint(cp);
          } else if (cp <= 0xFF) {
            out.append(String.format(Locale.ROOT, "\\x%02X", cp));
          } else if (cp <= 0xFFFF) {
            out.append(String.format(Locale.ROOT, "\\u%04X", cp));
          } else {
            out.append(String.format(Locale.ROOT, "\\U%08X", cp));
          }
      }
    }
    return out.append('"').toString();
  }
}
