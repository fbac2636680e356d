package dev.servplan.compiler.dsl;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An insertion-ordered map under construction. Plain entries follow the one-key-once rule
 * (duplicates are reported and the first is kept); sugar statements that accumulate into one key
 * ({@code model} into {@code models}, {@code pool} into {@code inventory.pools}, several {@code
 * ttft ...} lines into {@code slo.ttft}) go through {@link #sugarMap} and {@link #sugarList}, which
 * merge with an entry of the same shape instead of clashing with it.
 */
final class MapBuilder {
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<Diagnostic> diagnostics;
  private Span span;

  /** One key; its value is a finished node or, for sugar keys, a builder still being filled. */
  private static final class Slot {
    final String key;
    final Span keySpan;
    final List<String> comments = new ArrayList<>();
    Node node;
    MapBuilder map;
    List<Node> listItems;
    Span listSpan;

    Slot(String key, Span keySpan, List<String> comments) {
      this.key = key;
      this.keySpan = keySpan;
      this.comments.addAll(comments);
    }
  }

  MapBuilder(Span span, List<Diagnostic> diagnostics) {
    this.span = span;
    this.diagnostics = diagnostics;
  }

  boolean isEmpty() {
    return slots.isEmpty();
  }

  boolean containsKey(String key) {
    return slots.containsKey(key);
  }

  /** Widens this map's span to cover a statement that contributed to it. */
  void cover(Span more) {
    span = span == null ? more : span.union(more);
  }

  /** Adds a plain entry; a key seen before is a duplicate unless both sides are mergeable maps. */
  void put(String key, Span keySpan, Node value, List<String> comments) {
    Slot slot = slots.get(key);
    if (slot == null) {
      slot = new Slot(key, keySpan, comments);
      slot.node = value;
      slots.put(key, slot);
      return;
    }
    if (slot.map != null && value instanceof MapNode) {
      slot.comments.addAll(comments);
      slot.map.cover(value.span());
      for (Entry entry : ((MapNode) value).entries()) {
        slot.map.put(entry.key(), entry.keySpan(), entry.value(), entry.comments());
      }
      return;
    }
    if (slot.listItems != null && value instanceof ListNode) {
      slot.comments.addAll(comments);
      slot.listItems.addAll(((ListNode) value).items());
      slot.listSpan = slot.listSpan.union(value.span());
      return;
    }
    duplicate(slot, keySpan);
  }

  /**
   * The map under {@code key}, created on first use, for sugar that adds entries to it. Returns a
   * detached builder (whose content is dropped) when the key already holds something else.
   */
  MapBuilder sugarMap(String key, Span keySpan, Span contributor, List<String> comments) {
    Slot slot = slots.get(key);
    if (slot == null) {
      slot = new Slot(key, keySpan, comments);
      slot.map = new MapBuilder(contributor, diagnostics);
      slots.put(key, slot);
      return slot.map;
    }
    slot.comments.addAll(comments);
    if (slot.map == null && slot.node instanceof MapNode) {
      MapNode existing = (MapNode) slot.node;
      slot.map = new MapBuilder(existing.span(), diagnostics);
      for (Entry entry : existing.entries()) {
        slot.map.put(entry.key(), entry.keySpan(), entry.value(), entry.comments());
      }
      slot.node = null;
    }
    if (slot.map != null) {
      slot.map.cover(contributor);
      return slot.map;
    }
    duplicate(slot, keySpan);
    return new MapBuilder(contributor, new ArrayList<>());
  }

  /**
   * Appends an item to the list under {@code key}, created on first use (see {@link #sugarMap}).
   */
  void sugarList(String key, Span keySpan, Node item, List<String> comments) {
    Slot slot = slots.get(key);
    if (slot == null) {
      slot = new Slot(key, keySpan, comments);
      slot.listItems = new ArrayList<>();
      slot.listSpan = item.span();
      slots.put(key, slot);
    } else {
      slot.comments.addAll(comments);
      if (slot.listItems == null && slot.node instanceof ListNode) {
        slot.listItems = new ArrayList<>(((ListNode) slot.node).items());
        slot.listSpan = slot.node.span();
        slot.node = null;
      }
      if (slot.listItems == null) {
        duplicate(slot, keySpan);
        return;
      }
    }
    slot.listItems.add(item);
    slot.listSpan = slot.listSpan.union(item.span());
  }

  private void duplicate(Slot first, Span keySpan) {
    diagnostics.add(
        Diagnostic.of(Code.E0005, keySpan, first.key)
            .withRelated(new Related(first.keySpan, "'" + first.key + "' first set here"))
            .withHelp("remove one of them; the first one is kept"));
  }

  MapNode build(Span fallback) {
    List<Entry> entries = new ArrayList<>();
    for (Slot slot : slots.values()) {
      Node value;
      if (slot.map != null) {
        value = slot.map.build(slot.keySpan);
      } else if (slot.listItems != null) {
        value = new ListNode(slot.listItems, slot.listSpan);
      } else {
        value = slot.node;
      }
      entries.add(new Entry(slot.key, slot.keySpan, value, slot.comments));
    }
    return new MapNode(entries, span == null ? fallback : span);
  }
}
