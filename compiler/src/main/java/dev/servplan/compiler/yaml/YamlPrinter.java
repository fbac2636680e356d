package dev.servplan.compiler.yaml;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.ast.TreePrinter;

/**
 * Writes a tree as canonical block YAML: two-space indents, lists indented under their key, list
 * items that are maps as {@code - key: v}, short lists of scalars in flow style {@code [a, b]},
 * comments above their keys, and quotes only where a scalar was quoted or would not read back as
 * the same plain text. Printing is idempotent, and {@link YamlFrontEnd} reads the output back to an
 * equal tree apart from spans.
 */
public final class YamlPrinter implements TreePrinter {
  /** Lines up to this width may hold a flow list; longer lists are written one item per line. */
  static final int FLOW_WIDTH = 80;

  private static final int INDENT = 2;

  @Override
  public String print(MapNode root) {
    if (root.entries().isEmpty()) {
      return "{}\n";
    }
    StringBuilder out = new StringBuilder();
    writeEntries(root, 0, null, out);
    return out.toString();
  }

  /**
   * Writes the entries of a non-empty map at {@code indent}. When {@code firstPrefix} is set (list
   * dashes), the first key goes on that line and its comments above it.
   */
  private void writeEntries(MapNode map, int indent, String firstPrefix, StringBuilder out) {
    boolean first = true;
    for (Entry entry : map.entries()) {
      String lineStart = first && firstPrefix != null ? firstPrefix : spaces(indent);
      writeComments(entry, leadingSpaces(lineStart), out);
      out.append(lineStart).append(key(entry.key())).append(':');
      writeValueAfterKey(
          entry.value(), indent, lineStart.length() + key(entry.key()).length() + 1, out);
      first = false;
    }
  }

  private void writeValueAfterKey(Node value, int indent, int column, StringBuilder out) {
    if (value instanceof ScalarNode) {
      String text = scalar((ScalarNode) value, false);
      out.append(text.isEmpty() ? "" : " " + text).append('\n');
    } else if (value instanceof MapNode) {
      MapNode map = (MapNode) value;
      if (map.entries().isEmpty()) {
        out.append(" {}\n");
      } else {
        out.append('\n');
        writeEntries(map, indent + INDENT, null, out);
      }
    } else {
      ListNode list = (ListNode) value;
      String flow = flow(list, column + 1);
      if (flow != null) {
        out.append(' ').append(flow).append('\n');
      } else {
        out.append('\n');
        writeItems(list, indent + INDENT, null, out);
      }
    }
  }

  /** Writes the items of a non-empty list with their dashes at {@code indent}. */
  private void writeItems(ListNode list, int indent, String firstPrefix, StringBuilder out) {
    boolean first = true;
    for (Node item : list.items()) {
      String lineStart = first && firstPrefix != null ? firstPrefix : spaces(indent);
      String dash = lineStart + "- ";
      if (item instanceof MapNode && !((MapNode) item).entries().isEmpty()) {
        writeEntries((MapNode) item, indent + INDENT, dash, out);
      } else if (item instanceof ListNode
          && !((ListNode) item).items().isEmpty()
          && flow((ListNode) item, dash.length()) == null) {
        writeItems((ListNode) item, indent + INDENT, dash, out);
      } else {
        String text = inline(item, dash.length());
        out.append(text.isEmpty() ? lineStart + "-" : dash + text).append('\n');
      }
      first = false;
    }
  }

  /** An item that fits on the dash's line: a scalar, an empty collection or a flow list. */
  private String inline(Node item, int column) {
    if (item instanceof ScalarNode) {
      return scalar((ScalarNode) item, false);
    }
    if (item instanceof MapNode) {
      return "{}";
    }
    String flow = flow((ListNode) item, column);
    return flow == null ? "[]" : flow;
  }

  /** The list in flow style if it is short and all plain or quoted scalars, else null. */
  private String flow(ListNode list, int column) {
    if (list.items().isEmpty()) {
      return "[]";
    }
    StringBuilder out = new StringBuilder("[");
    for (Node item : list.items()) {
      if (!(item instanceof ScalarNode) || ((ScalarNode) item).style() == ScalarNode.Style.NULL) {
        return null;
      }
      ScalarNode scalar = (ScalarNode) item;
      if (scalar.style() == ScalarNode.Style.PLAIN
          && !YamlScalars.isSafePlain(scalar.text(), true)) {
        return null;
      }
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(scalar(scalar, true));
      if (column + out.length() + 1 > FLOW_WIDTH) {
        return null;
      }
    }
    return out.append(']').toString();
  }

  private static String scalar(ScalarNode node, boolean inFlow) {
    String text = node.text();
    switch (node.style()) {
      case NULL:
        // Keep the null as written; anything else is not a YAML null, so write the canonical one.
        return YamlScalars.isNullWord(text) ? text : "~";
      case PLAIN:
        return YamlScalars.isSafePlain(text, inFlow) ? text : YamlScalars.doubleQuoted(text);
      default:
        return YamlScalars.doubleQuoted(text);
    }
  }

  private static String key(String key) {
    return YamlScalars.isSafePlainKey(key) ? key : YamlScalars.doubleQuoted(key);
  }

  private static void writeComments(Entry entry, int column, StringBuilder out) {
    for (String comment : entry.comments()) {
      for (String line : comment.split("\r\n|\r|\n", -1)) {
        out.append(spaces(column)).append('#');
        if (!line.isEmpty()) {
          out.append(' ').append(line);
        }
        out.append('\n');
      }
    }
  }

  private static int leadingSpaces(String lineStart) {
    int n = 0;
    while (n < lineStart.length() && lineStart.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static String spaces(int n) {
    return " ".repeat(n);
  }
}
