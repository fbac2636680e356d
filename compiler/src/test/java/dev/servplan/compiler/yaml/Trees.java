package dev.servplan.compiler.yaml;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.NodeVisitor;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.SourceId;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/** Test helper: trees with every span replaced by one fixed span, so trees compare modulo spans. */
final class Trees {
  static final Span NOWHERE = new Span(new SourceId("<nowhere>"), 0, 0);

  private Trees() {}

  static Node withoutSpans(Node node) {
    return node.accept(
        new NodeVisitor<Node>() {
          @Override
          public Node visitMap(MapNode map) {
            List<Entry> entries = new ArrayList<>();
            for (Entry e : map.entries()) {
              entries.add(new Entry(e.key(), NOWHERE, withoutSpans(e.value()), e.comments()));
            }
            return new MapNode(entries, NOWHERE);
          }

          @Override
          public Node visitList(ListNode list) {
            List<Node> items = new ArrayList<>();
            for (Node item : list.items()) {
              items.add(withoutSpans(item));
            }
            return new ListNode(items, NOWHERE);
          }

          @Override
          public Node visitScalar(ScalarNode scalar) {
            return new ScalarNode(scalar.text(), scalar.style(), NOWHERE);
          }
        });
  }

  /** Every span in the tree, keys included, in document order. */
  static List<Span> spans(Node node) {
    List<Span> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(Node node, List<Span> out) {
    out.add(node.span());
    if (node instanceof MapNode) {
      for (Entry e : ((MapNode) node).entries()) {
        out.add(e.keySpan());
        collect(e.value(), out);
      }
    } else if (node instanceof ListNode) {
      for (Node item : ((ListNode) node).items()) {
        collect(item, out);
      }
    }
  }
}
