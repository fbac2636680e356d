package dev.servplan.lsp.service;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an offset falls in the syntax tree: the keys from the root to it ({@code *} for a list
 * item), in the YAML shape both syntaxes share, the nodes passed through, and the innermost entry.
 *
 * @param keys keys from the root; {@code ["inventory", "pools", "*", "gpu"]} on a pool's GPU
 * @param nodes the nodes entered, the root first and the innermost node containing the offset last
 * @param entry the innermost entry whose key or value holds the offset, if any
 * @param onKey whether the offset is on that entry's key rather than in its value
 */
public record TreePath(List<String> keys, List<Node> nodes, Optional<Entry> entry, boolean onKey) {
  public TreePath {
    keys = List.copyOf(keys);
    nodes = List.copyOf(nodes);
  }

  public static TreePath at(MapNode root, int offset) {
    List<String> keys = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    nodes.add(root);
    Node node = root;
    Entry entry = null;
    boolean onKey = false;
    while (true) {
      Node next = null;
      if (node instanceof MapNode map) {
        for (Entry e : map.entries()) {
          // The DSL gives a pool's or deployment's 'name' entry the name's own span as key span,
          // so prefer the value when both hold the offset.
          if (e.value().span().contains(offset) && !isEmptyNull(e.value())) {
            keys.add(e.key());
            entry = e;
            onKey = false;
            next = e.value();
            break;
          }
          if (e.keySpan().contains(offset)) {
            keys.add(e.key());
            entry = e;
            onKey = true;
            break;
          }
        }
      } else if (node instanceof ListNode list) {
        for (Node item : list.items()) {
          if (item.span().contains(offset)) {
            keys.add("*");
            next = item;
            break;
          }
        }
      }
      if (next == null) {
        break;
      }
      nodes.add(next);
      node = next;
    }
    return new TreePath(keys, nodes, Optional.ofNullable(entry), onKey);
  }

  /** The innermost node. */
  public Node leaf() {
    return nodes.get(nodes.size() - 1);
  }

  /** The scalar under the offset, when the path ends on one. */
  public Optional<ScalarNode> scalar() {
    return leaf() instanceof ScalarNode s && !onKey ? Optional.of(s) : Optional.empty();
  }

  /** The innermost map entered, searching from the leaf up. */
  public Optional<MapNode> innermostMap() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i) instanceof MapNode m) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The map {@code depth} containers up from the leaf's own map (0: the leaf's map). */
  public Optional<MapNode> mapAt(int index) {
    return index >= 0 && index < nodes.size() && nodes.get(index) instanceof MapNode m
        ? Optional.of(m)
        : Optional.empty();
  }

  private static boolean isEmptyNull(Node node) {
    return node instanceof ScalarNode s
        && s.style() == ScalarNode.Style.NULL
        && s.span().length() == 0;
  }
}
