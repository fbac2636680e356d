package dev.servplan.compiler.dsl;

import dev.servplan.grammar.SplanLexer;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/** Lexical helpers shared by the front end and the printer: quoting, unquoting, token shapes. */
final class DslText {
  private DslText() {}

  /** Token types that name things: identifiers and the (unreserved) keywords. */
  static boolean isNameType(int type) {
    switch (type) {
      case SplanLexer.ID:
      case SplanLexer.SPEC:
      case SplanLexer.MODEL:
      case SplanLexer.POOL:
      case SplanLexer.DEPLOYMENT:
      case SplanLexer.OBJECTIVE:
      case SplanLexer.GPU:
      case SplanLexer.X:
      case SplanLexer.POOLS:
      case SplanLexer.WORKLOAD:
      case SplanLexer.SLO:
      case SplanLexer.RATE:
      case SplanLexer.INPUT:
      case SplanLexer.OUTPUT:
        return true;
      default:
        return false;
    }
  }

  /** The single default-channel token the text lexes to, or -1 when it is not exactly one token. */
  static int singleTokenType(String text) {
    if (text.isEmpty() || text.length() > 4096) {
      return -1;
    }
    SplanLexer lexer = new SplanLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<? extends Token> tokens = lexer.getAllTokens();
    if (tokens.size() != 1) {
      return -1;
    }
    Token token = tokens.get(0);
    if (token.getChannel() != Token.DEFAULT_CHANNEL
        || token.getStartIndex() != 0
        || token.getStopIndex() != text.length() - 1) {
      return -1;
    }
    return token.getType();
  }

  /** Whether the text can be written unquoted as a name (a key or a sugar keyword argument). */
  static boolean isBareName(String text) {
    return isNameType(singleTokenType(text));
  }

  /** Whether the text can be written unquoted as a value and reads back as the same plain text. */
  static boolean isBareAtom(String text) {
    if (text.equals("null")) {
      return false;
    }
    int type = singleTokenType(text);
    return isNameType(type) || type == SplanLexer.NUMBER || type == SplanLexer.QUANTITY;
  }

  /** A double-quoted string literal for the text. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
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
        default:
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  /** The text of a STRING token without quotes, escapes resolved; unknown escapes keep the char. */
  static String unquote(String literal) {
    int end =
        literal.length() > 1 && literal.endsWith("\"") ? literal.length() - 1 : literal.length();
    StringBuilder out = new StringBuilder(end);
    for (int i = 1; i < end; i++) {
      char c = literal.charAt(i);
      if (c != '\\' || i + 1 >= end) {
        out.append(c);
        continue;
      }
      char e = literal.charAt(++i);
      switch (e) {
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          if (i + 4 < end && isHex(literal, i + 1, i + 5)) {
            out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
            i += 4;
          } else {
            out.append('u');
          }
          break;
        default:
          out.append(e);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
