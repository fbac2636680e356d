package dev.servplan.compiler.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Test helpers: a canonical one-line dump of trees, and hand-written YAML read as a tree. */
final class Trees {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Trees() {}

  static ParsedSpec parse(String dsl) {
    return new DslFrontEnd().parse(SourceFile.of("test.splan", dsl));
  }

  /** Keys, order, nesting and text; not spans, comments or quoting style (YAML hides quoting). */
  static String dump(Node node) {
    StringBuilder out = new StringBuilder();
    dump(node, out);
    return out.toString();
  }

  private static void dump(Node node, StringBuilder out) {
    if (node instanceof MapNode) {
      out.append('{');
      String sep = "";
      for (Entry entry : ((MapNode) node).entries()) {
        out.append(sep).append(entry.key()).append(": ");
        dump(entry.value(), out);
        sep = ", ";
      }
      out.append('}');
    } else if (node instanceof ListNode) {
      out.append('[');
      String sep = "";
      for (Node item : ((ListNode) node).items()) {
        out.append(sep);
        dump(item, out);
        sep = ", ";
      }
      out.append(']');
    } else {
      ScalarNode scalar = (ScalarNode) node;
      out.append(scalar.style() == ScalarNode.Style.NULL ? "~" : "'" + scalar.text() + "'");
    }
  }

  /** The dump of a YAML document written by hand, in the same format as {@link #dump(Node)}. */
  static String yaml(String yaml) {
    return dump(fromYaml(yaml));
  }

  /** A YAML document as a spec tree with placeholder spans, standing in for the YAML front end. */
  static MapNode fromYaml(String yaml) {
    try {
      return (MapNode) convert(YAML.readTree(yaml), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Node convert(JsonNode json, List<String> comments) {
    Span span = SourceFile.of("hand.yaml", "").span(0, 0);
    if (json.isObject()) {
      List<Entry> entries = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        entries.add(new Entry(field.getKey(), span, convert(field.getValue(), comments)));
      }
      return new MapNode(entries, span);
    }
    if (json.isArray()) {
      List<Node> items = new ArrayList<>();
      json.forEach(item -> items.add(convert(item, comments)));
      return new ListNode(items, span);
    }
    if (json.isNull()) {
      return new ScalarNode("", ScalarNode.Style.NULL, span);
    }
    // Jackson hides whether a YAML scalar was quoted; hand-written fixtures use plain scalars.
    return new ScalarNode(json.asText(), ScalarNode.Style.PLAIN, span);
  }

  static String text(ParsedSpec spec, Span span) {
    return spec.source().text().substring(span.start(), span.end());
  }
}
