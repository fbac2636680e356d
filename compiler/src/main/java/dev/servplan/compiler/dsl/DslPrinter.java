package dev.servplan.compiler.dsl;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.ast.TreePrinter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes any spec tree as {@code .splan} text in canonical layout: two-space indent, one statement
 * per line, sugar wherever the tree has the shape the sugar produces, the generic forms elsewhere,
 * and entry comments on the lines above their statement. Printing what it parses gives the same
 * text back, so {@code fmt} is idempotent. Keys that a sugar form would rename are quoted when they
 * have to be written in the generic form.
 */
public final class DslPrinter implements TreePrinter {
  private static final String INDENT = "  ";
  private static final Pattern OBJECTIVE_WORDS =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z_][A-Za-z0-9_]*)+");
  private static final Set<String> TOP_KEYWORDS = Set.of("spec", "model", "pool", "deployment");

  @Override
  public String print(MapNode root) {
    List<List<String>> chunks = new ArrayList<>();
    for (Entry entry : root.entries()) {
      topEntry(entry, chunks);
    }
    StringBuilder out = new StringBuilder();
    List<String> previous = null;
    for (List<String> chunk : chunks) {
      if (previous != null && (previous.size() > 1 || chunk.size() > 1)) {
        out.append('\n');
      }
      for (String line : chunk) {
        out.append(line).append('\n');
      }
      previous = chunk;
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ top level

  private void topEntry(Entry entry, List<List<String>> chunks) {
    Lines lines = new Lines();
    Node value = entry.value();
    switch (entry.key()) {
      case "apiVersion":
        if (isPlain(value, TreeBuilder.API_VERSION) && entry.comments().isEmpty()) {
          return; // implicit in every .splan file
        }
        break;
      case "name":
        if (value instanceof ScalarNode && !isNull(value)) {
          lines.comments(0, entry.comments());
          lines.add(0, "spec " + atom((ScalarNode) value));
          chunks.add(lines.list);
          return;
        }
        break;
      case "models":
        if (printModels(entry, chunks)) {
          return;
        }
        break;
      case "inventory":
        if (printPools(entry, chunks)) {
          return;
        }
        break;
      case "deployments":
        if (printDeployments(entry, chunks)) {
          return;
        }
        break;
      case "objective":
        if (value instanceof ScalarNode
            && ((ScalarNode) value).style() == ScalarNode.Style.PLAIN
            && objectiveWords(((ScalarNode) value).text())) {
          lines.comments(0, entry.comments());
          lines.add(0, "objective " + ((ScalarNode) value).text().replace('-', ' '));
          chunks.add(lines.list);
          return;
        }
        break;
      default:
        break;
    }
    generic(lines, 0, entry, TOP_KEYWORDS.contains(entry.key()), false);
    chunks.add(lines.list);
  }

  private boolean printModels(Entry models, List<List<String>> chunks) {
    if (!(models.value() instanceof MapNode) || ((MapNode) models.value()).entries().isEmpty()) {
      return false;
    }
    List<Entry> entries = ((MapNode) models.value()).entries();
    for (Entry model : entries) {
      if (!(model.value() instanceof MapNode)) {
        return false;
      }
    }
    List<String> carried = models.comments();
    for (Entry model : entries) {
      Lines lines = new Lines();
      lines.comments(0, carried);
      lines.comments(0, model.comments());
      carried = List.of();
      lines.open(
          0, "model " + key(model.key(), false) + " ", (MapNode) model.value(), this::blockBody);
      chunks.add(lines.list);
    }
    return true;
  }

  private boolean printPools(Entry inventory, List<List<String>> chunks) {
    if (!(inventory.value() instanceof MapNode)) {
      return false;
    }
    MapNode map = (MapNode) inventory.value();
    if (map.entries().size() != 1 || !map.entries().get(0).key().equals("pools")) {
      return false;
    }
    Entry pools = map.entries().get(0);
    List<MapNode> items = namedItems(pools.value());
    if (items == null) {
      return false;
    }
    List<String> carried = new ArrayList<>(inventory.comments());
    carried.addAll(pools.comments());
    for (MapNode pool : items) {
      chunks.add(namedBlock("pool", pool, carried, this::poolBody));
      carried = List.of();
    }
    return true;
  }

  private boolean printDeployments(Entry deployments, List<List<String>> chunks) {
    List<MapNode> items = namedItems(deployments.value());
    if (items == null) {
      return false;
    }
    List<String> carried = deployments.comments();
    for (MapNode deployment : items) {
      chunks.add(namedBlock("deployment", deployment, carried, this::deploymentBody));
      carried = List.of();
    }
    return true;
  }

  /** A non-empty list whose items are maps with a scalar name; null when the list is not that. */
  private static List<MapNode> namedItems(Node node) {
    if (!(node instanceof ListNode) || ((ListNode) node).items().isEmpty()) {
      return null;
    }
    List<MapNode> items = new ArrayList<>();
    for (Node item : ((ListNode) node).items()) {
      if (!(item instanceof MapNode)) {
        return null;
      }
      Optional<Node> name = ((MapNode) item).get("name");
      if (name.isEmpty() || !(name.get() instanceof ScalarNode) || isNull(name.get())) {
        return null;
      }
      items.add((MapNode) item);
    }
    return items;
  }

  private interface Body {
    void print(Lines lines, int depth, List<Entry> entries);
  }

  /** `pool NAME { ... }` with the name entry's comments above it and the rest as the body. */
  private List<String> namedBlock(String keyword, MapNode item, List<String> carried, Body body) {
    Lines lines = new Lines();
    Entry name = item.entry("name").orElseThrow();
    lines.comments(0, carried);
    lines.comments(0, name.comments());
    List<Entry> rest = new ArrayList<>(item.entries());
    rest.remove(name);
    String head = keyword + " " + atom((ScalarNode) name.value()) + " ";
    if (rest.isEmpty()) {
      lines.add(0, head + "{}");
    } else {
      lines.add(0, head + "{");
      body.print(lines, 1, rest);
      lines.add(0, "}");
    }
    return lines.list;
  }

  // ------------------------------------------------------------------ sugar bodies

  private void poolBody(Lines lines, int depth, List<Entry> entries) {
    Set<String> done = new HashSet<>();
    for (Entry entry : entries) {
      if (done.contains(entry.key())) {
        continue;
      }
      if (entry.key().equals("gpu") && entry.value() instanceof ScalarNode) {
        Optional<Entry> count = find(entries, "count");
        if (count.isPresent() && count.get().value() instanceof ScalarNode) {
          lines.comments(depth, entry.comments());
          lines.comments(depth, count.get().comments());
          lines.add(
              depth,
              "gpu "
                  + atom((ScalarNode) entry.value())
                  + " x "
                  + atom((ScalarNode) count.get().value()));
          done.add("count");
          continue;
        }
      }
      generic(lines, depth, entry, false, false);
    }
  }

  private void deploymentBody(Lines lines, int depth, List<Entry> entries) {
    for (Entry entry : entries) {
      Node value = entry.value();
      switch (entry.key()) {
        case "pools":
          if (value instanceof ListNode
              && allScalars((ListNode) value)
              && !((ListNode) value).items().isEmpty()) {
            lines.comments(depth, entry.comments());
            lines.add(depth, "pools " + joined((ListNode) value, ", "));
            continue;
          }
          generic(lines, depth, entry, value instanceof ScalarNode, false);
          continue;
        case "workload":
          if (value instanceof MapNode) {
            lines.comments(depth, entry.comments());
            lines.open(depth, "workload ", (MapNode) value, this::workloadBody);
            continue;
          }
          break;
        case "slo":
          if (value instanceof MapNode) {
            lines.comments(depth, entry.comments());
            lines.open(depth, "slo ", (MapNode) value, this::sloBody);
            continue;
          }
          break;
        case "precision":
          if (value instanceof MapNode) {
            lines.comments(depth, entry.comments());
            lines.open(depth, "precision ", (MapNode) value, this::precisionBody);
            continue;
          }
          break;
        default:
          break;
      }
      generic(lines, depth, entry, false, false);
    }
  }

  private void precisionBody(Lines lines, int depth, List<Entry> entries) {
    for (Entry entry : entries) {
      generic(lines, depth, entry, false, true);
    }
  }

  private void workloadBody(Lines lines, int depth, List<Entry> entries) {
    Set<String> done = new HashSet<>();
    for (Entry entry : entries) {
      if (done.contains(entry.key())) {
        continue;
      }
      Node value = entry.value();
      switch (entry.key()) {
        case "rate":
          if (value instanceof ScalarNode) {
            String line = "rate " + atom((ScalarNode) value);
            Optional<Entry> arrival = find(entries, "arrival");
            String arrivalText = arrival.isPresent() ? arrival(arrival.get().value()) : null;
            lines.comments(depth, entry.comments());
            if (arrivalText != null) {
              lines.comments(depth, arrival.get().comments());
              line += " " + arrivalText;
              done.add("arrival");
            }
            lines.add(depth, line);
            continue;
          }
          break;
        case "input_tokens":
        case "output_tokens":
          String tokens = tokenCount(value);
          if (tokens != null) {
            lines.comments(depth, entry.comments());
            lines.add(depth, entry.key().substring(0, entry.key().indexOf('_')) + " " + tokens);
            continue;
          }
          break;
        default:
          break;
      }
      boolean renamed = entry.key().equals("input") || entry.key().equals("output");
      generic(lines, depth, entry, renamed, false);
    }
  }

  /** `poisson`, `trace "t.csv"`, `gamma(cv 2.0)`; null when the value has another shape. */
  private static String arrival(Node value) {
    if (value instanceof ScalarNode) {
      ScalarNode scalar = (ScalarNode) value;
      return scalar.style() == ScalarNode.Style.PLAIN && DslText.isBareName(scalar.text())
          ? scalar.text()
          : null;
    }
    if (!(value instanceof MapNode) || ((MapNode) value).entries().size() != 1) {
      return null;
    }
    Entry only = ((MapNode) value).entries().get(0);
    if (!only.comments().isEmpty() || !DslText.isBareName(only.key())) {
      return null;
    }
    if (only.value() instanceof ScalarNode) {
      return only.key() + " " + atom((ScalarNode) only.value());
    }
    String args = args(only.value(), null);
    return args == null ? null : only.key() + args;
  }

  /** `2048` or `lognormal(mean 1500, p99 8000)`; null when the value has another shape. */
  private static String tokenCount(Node value) {
    if (value instanceof ScalarNode) {
      return atom((ScalarNode) value);
    }
    if (!(value instanceof MapNode)) {
      return null;
    }
    Optional<Entry> dist = ((MapNode) value).entry("dist");
    if (dist.isEmpty()
        || !dist.get().comments().isEmpty()
        || !(dist.get().value() instanceof ScalarNode)) {
      return null;
    }
    ScalarNode kind = (ScalarNode) dist.get().value();
    if (kind.style() != ScalarNode.Style.PLAIN || !DslText.isBareName(kind.text())) {
      return null;
    }
    String args = args(value, "dist");
    return args == null ? null : kind.text() + args;
  }

  /** `(k v, k v)` from a map of scalars with no comments, leaving out one key; null otherwise. */
  private static String args(Node value, String skip) {
    if (!(value instanceof MapNode)) {
      return null;
    }
    List<String> args = new ArrayList<>();
    for (Entry entry : ((MapNode) value).entries()) {
      if (entry.key().equals(skip)) {
        continue;
      }
      if (!entry.comments().isEmpty() || !(entry.value() instanceof ScalarNode)) {
        return null;
      }
      args.add(key(entry.key(), false) + " " + atom((ScalarNode) entry.value()));
    }
    return "(" + String.join(", ", args) + ")";
  }

  private void sloBody(Lines lines, int depth, List<Entry> entries) {
    for (Entry entry : entries) {
      Node value = entry.value();
      if (value instanceof MapNode && sloTargets(entry)) {
        List<String> carried = entry.comments();
        for (Entry target : ((MapNode) value).entries()) {
          lines.comments(depth, carried);
          lines.comments(depth, target.comments());
          carried = List.of();
          lines.add(
              depth, entry.key() + " " + target.key() + " <= " + atom((ScalarNode) target.value()));
        }
        continue;
      }
      if (entry.key().equals("attainment") && value instanceof ScalarNode) {
        lines.comments(depth, entry.comments());
        lines.add(depth, "attainment >= " + atom((ScalarNode) value));
        continue;
      }
      generic(lines, depth, entry, false, false);
    }
  }

  private static boolean sloTargets(Entry entry) {
    List<Entry> targets = ((MapNode) entry.value()).entries();
    if (targets.isEmpty() || !DslText.isBareName(entry.key())) {
      return false;
    }
    for (Entry target : targets) {
      if (!(target.value() instanceof ScalarNode) || !DslText.isBareName(target.key())) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ generic forms

  /**
   * `key value`, `key [..]`, `key {..}`, or just `key` for a null. {@code quoteKey} forces a quoted
   * key where the bare one would be read as sugar; {@code pipes} writes lists of scalars as `a |
   * b`.
   */
  private void generic(Lines lines, int depth, Entry entry, boolean quoteKey, boolean pipes) {
    lines.comments(depth, entry.comments());
    String head = key(entry.key(), quoteKey);
    Node value = entry.value();
    if (value instanceof ScalarNode) {
      lines.add(depth, isNull(value) ? head : head + " " + atom((ScalarNode) value));
    } else if (value instanceof MapNode) {
      lines.open(depth, head + " ", (MapNode) value, this::blockBody);
    } else {
      ListNode list = (ListNode) value;
      if (pipes && list.items().size() > 1 && allScalars(list)) {
        lines.add(depth, head + " " + joined(list, " | "));
      } else {
        list(lines, depth, head + " ", list);
      }
    }
  }

  private void blockBody(Lines lines, int depth, List<Entry> entries) {
    for (Entry entry : entries) {
      generic(lines, depth, entry, false, false);
    }
  }

  private void list(Lines lines, int depth, String prefix, ListNode list) {
    if (allScalars(list)) {
      lines.add(depth, prefix + "[" + joined(list, ", ") + "]");
      return;
    }
    lines.add(depth, prefix + "[");
    for (Node item : list.items()) {
      if (item instanceof ScalarNode) {
        lines.add(depth + 1, atom((ScalarNode) item));
      } else if (item instanceof ListNode) {
        list(lines, depth + 1, "", (ListNode) item);
      } else {
        lines.open(depth + 1, "", (MapNode) item, this::blockBody);
      }
    }
    lines.add(depth, "]");
  }

  // ------------------------------------------------------------------ text

  private static String key(String key, boolean forceQuotes) {
    return !forceQuotes && DslText.isBareName(key) ? key : DslText.quote(key);
  }

  static String atom(ScalarNode scalar) {
    switch (scalar.style()) {
      case NULL:
        return "null";
      case PLAIN:
        return DslText.isBareAtom(scalar.text()) ? scalar.text() : DslText.quote(scalar.text());
      default:
        return DslText.quote(scalar.text());
    }
  }

  private static String joined(ListNode list, String separator) {
    List<String> parts = new ArrayList<>();
    for (Node item : list.items()) {
      parts.add(atom((ScalarNode) item));
    }
    return String.join(separator, parts);
  }

  private static boolean allScalars(ListNode list) {
    return list.items().stream().allMatch(item -> item instanceof ScalarNode);
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && ((ScalarNode) node).style() == ScalarNode.Style.NULL;
  }

  private static boolean isPlain(Node node, String text) {
    return node instanceof ScalarNode
        && ((ScalarNode) node).style() == ScalarNode.Style.PLAIN
        && ((ScalarNode) node).text().equals(text);
  }

  private static boolean objectiveWords(String text) {
    if (!OBJECTIVE_WORDS.matcher(text).matches()) {
      return false;
    }
    for (String word : text.split("-")) {
      if (!DslText.isBareName(word)) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Entry> find(List<Entry> entries, String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** Output lines of one top-level chunk. */
  private static final class Lines {
    final List<String> list = new ArrayList<>();

    void add(int depth, String text) {
      list.add(INDENT.repeat(depth) + text);
    }

    void comments(int depth, List<String> comments) {
      for (String comment : comments) {
        for (String line : comment.split("\\R", -1)) {
          String body = line.stripTrailing();
          add(depth, body.isEmpty() ? "#" : "# " + body);
        }
      }
    }

    /** `prefix{ ... }` with the body one level deeper, or `prefix{}` when empty. */
    void open(int depth, String prefix, MapNode map, Body body) {
      if (map.entries().isEmpty()) {
        add(depth, prefix + "{}");
        return;
      }
      add(depth, prefix + "{");
      body.print(this, depth + 1, map.entries());
      add(depth, "}");
    }
  }
}
