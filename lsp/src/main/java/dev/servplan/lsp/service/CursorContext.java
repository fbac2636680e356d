package dev.servplan.lsp.service;

import dev.servplan.lsp.service.SplanLexer.Kind;
import dev.servplan.lsp.service.SplanLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the cursor is in, read from the text rather than the syntax tree so that it works on a
 * half-typed file the parser cannot make sense of: the key path of the enclosing map (in the YAML
 * shape), whether a key or a value is being written, and the partial word before the cursor.
 *
 * @param path keys from the root to the enclosing map, {@code *} for list items
 * @param keyPosition whether a key is being written (else a value of {@link #key})
 * @param key the key whose value is being written (canonical YAML spelling), or empty
 * @param args DSL words already written after the key on this statement ({@code ttft p99 <=})
 * @param wordStart where the partial word starts; completions replace {@code [wordStart, cursor)}
 * @param word the partial word ({@code h10}, {@code 40}), possibly empty
 */
public record CursorContext(
    List<String> path,
    boolean keyPosition,
    String key,
    List<String> args,
    int wordStart,
    String word) {
  public CursorContext {
    path = List.copyOf(path);
    args = List.copyOf(args);
  }

  public SchemaContext schema() {
    return SchemaContext.of(path);
  }

  // ---- DSL: a bracket-aware pass over the lexer's tokens up to the cursor. ----

  private static final class Frame {
    final List<String> path;
    final Kind closer;
    final List<Token> statement = new ArrayList<>();

    Frame(List<String> path, Kind closer) {
      this.path = path;
      this.closer = closer;
    }
  }

  public static CursorContext dsl(String text, int offset) {
    List<Token> tokens = SplanLexer.lex(text);
    int wordStart = offset;
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(List.of(), null));
    for (Token token : tokens) {
      if (token.start() >= offset) {
        break;
      }
      boolean partial =
          token.end() >= offset
              && (token.kind() == Kind.NAME
                  || token.kind() == Kind.NUMBER
                  || token.kind() == Kind.ERROR);
      if (partial) {
        wordStart = token.start();
        break;
      }
      if (token.kind() == Kind.STRING && token.end() > offset) {
        // Inside a string: nothing to complete.
        return new CursorContext(List.of(), false, "", List.of(), offset, "");
      }
      Frame top = stack.peek();
      switch (token.kind()) {
        case COMMENT:
          if (token.end() >= offset) {
            return new CursorContext(List.of(), false, "", List.of(), offset, "");
          }
          break;
        case NEWLINE:
        case SEMI:
          if (top.closer != Kind.RBRACKET) {
            top.statement.clear();
          }
          break;
        case COMMA:
          if (top.closer == Kind.RPAREN) {
            top.statement.clear();
          } else {
            top.statement.add(token);
          }
          break;
        case LBRACE:
          stack.push(new Frame(blockPath(top), Kind.RBRACE));
          break;
        case LPAREN:
          stack.push(new Frame(parenPath(top), Kind.RPAREN));
          break;
        case LBRACKET:
          Frame list = new Frame(top.path, Kind.RBRACKET);
          list.statement.addAll(top.statement);
          stack.push(list);
          break;
        case RBRACE:
        case RPAREN:
        case RBRACKET:
          while (stack.size() > 1 && stack.peek().closer != token.kind()) {
            stack.pop();
          }
          if (stack.size() > 1) {
            stack.pop();
          }
          if (token.kind() == Kind.RBRACE) {
            stack.peek().statement.clear();
          }
          break;
        default:
          top.statement.add(token);
      }
    }
    Frame top = stack.peek();
    String word = text.substring(wordStart, offset);
    List<String> words = new ArrayList<>();
    for (Token t : top.statement) {
      if (t.kind() != Kind.COMMA && t.kind() != Kind.PIPE) {
        words.add(t.text());
      }
    }
    if (words.isEmpty()) {
      return new CursorContext(top.path, true, "", List.of(), wordStart, word);
    }
    String key = canonicalKey(SchemaContext.of(top.path), words.get(0));
    return new CursorContext(top.path, false, key, words.subList(1, words.size()), wordStart, word);
  }

  /** The path of the map a {@code {} opens, from the statement in front of it. */
  private static List<String> blockPath(Frame frame) {
    List<String> path = new ArrayList<>(frame.path);
    List<Token> words =
        frame.statement.stream()
            .filter(t -> t.kind() == Kind.NAME || t.kind() == Kind.STRING)
            .toList();
    if (words.isEmpty()) {
      path.add("?");
      return path;
    }
    SchemaContext context = SchemaContext.of(frame.path);
    String head = words.get(0).text();
    if (context == SchemaContext.TOP) {
      switch (head) {
        case "pool":
          return List.of("inventory", "pools", "*");
        case "deployment":
          return List.of("deployments", "*");
        case "model":
          return List.of("models", words.size() > 1 ? words.get(1).text() : "?");
        default:
          break;
      }
    }
    path.add(canonicalKey(context, head));
    return path;
  }

  /** The path of an argument list: {@code input lognormal(...)} or {@code rate 4/s gamma(...)}. */
  private static List<String> parenPath(Frame frame) {
    List<String> path = new ArrayList<>(frame.path);
    List<Token> words = frame.statement.stream().filter(t -> t.kind() == Kind.NAME).toList();
    if (words.isEmpty()) {
      path.add("?");
      return path;
    }
    String head = words.get(0).text();
    String last = words.get(words.size() - 1).text();
    if (head.equals("rate") && last.equals("gamma")) {
      path.add("arrival");
      path.add("gamma");
    } else {
      path.add(canonicalKey(SchemaContext.of(frame.path), head));
    }
    return path;
  }

  /** The YAML key a DSL statement head stands for where they differ. */
  static String canonicalKey(SchemaContext context, String head) {
    if (context == SchemaContext.WORKLOAD && (head.equals("input") || head.equals("output"))) {
      return head + "_tokens";
    }
    return head;
  }

  // ---- YAML: indentation above the cursor line, then the flow brackets on it. ----

  public static CursorContext yaml(String text, int offset) {
    int lineStart = lineStart(text, offset);
    int wordStart = offset;
    while (wordStart > lineStart && isWordChar(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String before = text.substring(lineStart, wordStart);
    String word = text.substring(wordStart, offset);
    if (before.contains("#") && !before.contains("\"") && !before.contains("'")) {
      return new CursorContext(List.of(), false, "", List.of(), offset, "");
    }
    // The line's own structure: leading "- " items, a key, then flow brackets.
    int col = 0;
    int dashCol = -1;
    while (col < before.length()) {
      char c = before.charAt(col);
      if (c == ' ') {
        col++;
      } else if (c == '-' && (col + 1 == before.length() || before.charAt(col + 1) == ' ')) {
        dashCol = col;
        col++;
      } else {
        break;
      }
    }
    List<String> path = blockPathAbove(text, lineStart, col, dashCol);
    String rest = before.substring(col);
    if (rest.isBlank()) {
      return scalarListItem(path, dashCol >= 0, wordStart, word);
    }
    return flow(path, rest, wordStart, word);
  }

  /** {@code - a} under {@code pools:} is a value of {@code pools}, not a key of a new item. */
  private static CursorContext scalarListItem(
      List<String> path, boolean dash, int wordStart, String word) {
    if (dash && path.size() >= 2 && path.get(path.size() - 1).equals("*")) {
      List<String> parent = path.subList(0, path.size() - 2);
      String listKey = path.get(path.size() - 2);
      SchemaContext context = SchemaContext.of(parent);
      boolean scalars =
          (context == SchemaContext.DEPLOYMENT && listKey.equals("pools"))
              || context == SchemaContext.PRECISION;
      if (scalars) {
        return new CursorContext(parent, false, listKey, List.of(), wordStart, word);
      }
    }
    return new CursorContext(path, true, "", List.of(), wordStart, word);
  }

  /** Reads {@code key: {a: [x, y], b: } on the cursor line. */
  private static CursorContext flow(
      List<String> blockPath, String rest, int wordStart, String word) {
    List<String> path = new ArrayList<>(blockPath);
    Deque<String[]> brackets = new ArrayDeque<>();
    String pendingKey = null;
    int i = 0;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '{' || c == '[') {
        brackets.push(new String[] {String.valueOf(c), pendingKey == null ? "" : pendingKey});
        if (c == '{' && pendingKey != null) {
          path.add(pendingKey);
        }
        pendingKey = null;
        i++;
      } else if (c == '}' || c == ']') {
        if (!brackets.isEmpty()) {
          String[] open = brackets.pop();
          if (open[0].equals("{") && !open[1].isEmpty() && !path.isEmpty()) {
            path.remove(path.size() - 1);
          }
        }
        pendingKey = null;
        i++;
      } else if (c == ',') {
        if (!brackets.isEmpty() && brackets.peek()[0].equals("{")) {
          pendingKey = null;
        }
        i++;
      } else if (c == '"' || c == '\'') {
        int end = rest.indexOf(c, i + 1);
        i = end < 0 ? rest.length() : end + 1;
      } else if (isWordChar(c)) {
        int end = i;
        while (end < rest.length() && isWordChar(rest.charAt(end))) {
          end++;
        }
        int colon = end;
        while (colon < rest.length() && rest.charAt(colon) == ' ') {
          colon++;
        }
        if (colon < rest.length()
            && rest.charAt(colon) == ':'
            && (colon + 1 == rest.length() || " {[".indexOf(rest.charAt(colon + 1)) >= 0)) {
          pendingKey = rest.substring(i, end);
          i = colon + 1;
        } else {
          i = end;
        }
      } else {
        i++;
      }
    }
    if (pendingKey != null) {
      return new CursorContext(path, false, pendingKey, List.of(), wordStart, word);
    }
    if (!brackets.isEmpty() && brackets.peek()[0].equals("[")) {
      return new CursorContext(path, false, brackets.peek()[1], List.of(), wordStart, word);
    }
    if (!brackets.isEmpty()) {
      return new CursorContext(path, true, "", List.of(), wordStart, word);
    }
    // Plain text after a finished value: nothing sensible to offer.
    return new CursorContext(path, false, "", List.of(), wordStart, word);
  }

  /**
   * The keys of the block maps enclosing a line whose entry starts at {@code col} (after any {@code
   * "- "} at {@code dashCol}), found by walking up to lines indented less.
   */
  private static List<String> blockPathAbove(String text, int lineStart, int col, int dashCol) {
    List<String> reversed = new ArrayList<>();
    int threshold = col;
    boolean afterItem = false;
    if (dashCol >= 0) {
      reversed.add("*");
      threshold = dashCol;
      afterItem = true;
    }
    int end = lineStart;
    while (end > 0 && (threshold > 0 || afterItem)) {
      int start = lineStart(text, end - 1);
      String line = text.substring(start, end).replaceAll("[\\r\\n]+$", "");
      end = start;
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      if (indent == line.length() || line.charAt(indent) == '#') {
        continue;
      }
      int keyCol = indent;
      boolean dash = false;
      while (keyCol < line.length()
          && line.charAt(keyCol) == '-'
          && (keyCol + 1 == line.length() || line.charAt(keyCol + 1) == ' ')) {
        dash = true;
        keyCol++;
        while (keyCol < line.length() && line.charAt(keyCol) == ' ') {
          keyCol++;
        }
      }
      String key = leadingKey(line.substring(keyCol));
      if (dash) {
        if (keyCol == threshold && !afterItem) {
          // A sibling key in the same list item: the item's map is ours.
          reversed.add("*");
          threshold = indent;
          afterItem = true;
        } else if (indent < threshold) {
          reversed.add("*");
          threshold = indent;
          afterItem = true;
        }
      } else if (key != null && (keyCol < threshold || (afterItem && keyCol == threshold))) {
        reversed.add(key);
        threshold = keyCol;
        afterItem = false;
      }
    }
    List<String> path = new ArrayList<>();
    for (int i = reversed.size() - 1; i >= 0; i--) {
      path.add(reversed.get(i));
    }
    return path;
  }

  private static String leadingKey(String s) {
    int end = 0;
    while (end < s.length() && isWordChar(s.charAt(end))) {
      end++;
    }
    if (end == 0) {
      return null;
    }
    int colon = end;
    while (colon < s.length() && s.charAt(colon) == ' ') {
      colon++;
    }
    return colon < s.length() && s.charAt(colon) == ':' ? s.substring(0, end) : null;
  }

  private static int lineStart(String text, int offset) {
    int i = Math.min(offset, text.length());
    while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
      i--;
    }
    return i;
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c)
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '/'
        || c == '%'
        || c == '$';
  }
}
