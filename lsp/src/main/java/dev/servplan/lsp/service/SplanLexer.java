package dev.servplan.lsp.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A small hand-written lexer for the {@code .splan} DSL, for editor features that must work on any
 * text, however broken: semantic tokens and the completion context. It follows the lexical rules of
 * docs/spec-language.md but never fails; an unknown character is an {@link Kind#ERROR} token. The
 * compiler's ANTLR lexer stays the authority on what is valid.
 */
public final class SplanLexer {
  /** Token kinds. */
  public enum Kind {
    NAME,
    /** A number or a quantity ({@code 8}, {@code 800ms}, {@code $2.49/h}, {@code 60%}). */
    NUMBER,
    STRING,
    COMMENT,
    NEWLINE,
    SEMI,
    COMMA,
    PIPE,
    LBRACE,
    RBRACE,
    LBRACKET,
    RBRACKET,
    LPAREN,
    RPAREN,
    /** {@code <=} or {@code >=}. */
    COMPARE,
    ERROR
  }

  /** One token: its kind and its {@code [start, end)} char offsets. */
  public record Token(Kind kind, int start, int end, String text) {}

  private SplanLexer() {}

  public static List<Token> lex(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      int start = i;
      Kind kind;
      if (c == '\n' || c == '\r') {
        i++;
        kind = Kind.NEWLINE;
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\uFEFF') {
        i++;
        continue;
      } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
        while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
        kind = Kind.COMMENT;
      } else if (c == '"') {
        i = stringEnd(text, i);
        kind = Kind.STRING;
      } else if (isDigit(c)
          || (c == '-' && i + 1 < n && isDigit(text.charAt(i + 1)))
          || (c == '$' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
        i = numberEnd(text, i);
        kind = Kind.NUMBER;
      } else if (isNameStart(c)) {
        i = nameEnd(text, i);
        kind = Kind.NAME;
      } else if ((c == '<' || c == '>') && i + 1 < n && text.charAt(i + 1) == '=') {
        i += 2;
        kind = Kind.COMPARE;
      } else {
        i++;
        kind = single(c);
      }
      tokens.add(new Token(kind, start, i, text.substring(start, i)));
    }
    return tokens;
  }

  private static Kind single(char c) {
    switch (c) {
      case ';':
        return Kind.SEMI;
      case ',':
        return Kind.COMMA;
      case '|':
        return Kind.PIPE;
      case '{':
        return Kind.LBRACE;
      case '}':
        return Kind.RBRACE;
      case '[':
        return Kind.LBRACKET;
      case ']':
        return Kind.RBRACKET;
      case '(':
        return Kind.LPAREN;
      case ')':
        return Kind.RPAREN;
      default:
        return Kind.ERROR;
    }
  }

  /** Strings end at the closing quote or, unterminated, at the end of the line. */
  private static int stringEnd(String text, int i) {
    int j = i + 1;
    while (j < text.length()) {
      char c = text.charAt(j);
      if (c == '\n' || c == '\r') {
        return j;
      }
      if (c == '\\' && j + 1 < text.length() && text.charAt(j + 1) != '\n') {
        j += 2;
        continue;
      }
      j++;
      if (c == '"') {
        return j;
      }
    }
    return j;
  }

  private static int numberEnd(String text, int i) {
    int j = i;
    if (text.charAt(j) == '$' || text.charAt(j) == '-') {
      j++;
    }
    j = digits(text, j);
    if (j + 1 < text.length() && text.charAt(j) == '.' && isDigit(text.charAt(j + 1))) {
      j = digits(text, j + 1);
    }
    if (j < text.length() && (text.charAt(j) == 'e' || text.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < text.length() && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
        k++;
      }
      if (k < text.length() && isDigit(text.charAt(k))) {
        j = digits(text, k);
      }
    }
    // A unit: letters or %, then optionally /unit (800ms, 40/s, 2.49/h, 60%, 1.5GiB).
    j = unit(text, j);
    if (j + 1 < text.length() && text.charAt(j) == '/' && isUnitChar(text.charAt(j + 1))) {
      j = unit(text, j + 1);
    }
    return j;
  }

  private static int unit(String text, int j) {
    while (j < text.length() && isUnitChar(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private static int digits(String text, int j) {
    while (j < text.length() && isDigit(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private static int nameEnd(String text, int i) {
    int j = i + 1;
    while (j < text.length()) {
      char c = text.charAt(j);
      if (isNamePart(c)) {
        j++;
      } else if (c == '/' && j + 1 < text.length() && isNameStart(text.charAt(j + 1))) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c) || c == '-' || c == '.';
  }

  private static boolean isUnitChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '%';
  }
}
