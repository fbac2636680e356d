package dev.servplan.lsp.service;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The names a spec declares (pools, custom models, deployments) and where it refers to pools and
 * custom models, read from a syntax tree, partial or not. Deployments' {@code model} values that
 * name no custom model are catalog ids, not references.
 */
public final class SymbolIndex {
  /** What a name names. */
  public enum Kind {
    POOL,
    MODEL,
    DEPLOYMENT
  }

  /**
   * A declared name.
   *
   * @param nameSpan the name itself
   * @param span the whole declaration (the pool block, the model entry)
   * @param node the declaration's map, or its value for a model
   */
  public record Symbol(Kind kind, String name, Span nameSpan, Span span, Node node) {
    public Symbol {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(nameSpan, "nameSpan");
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(node, "node");
    }
  }

  /** A use of a declared name. */
  public record Reference(Kind kind, String name, Span span) {}

  private final List<Symbol> symbols;
  private final List<Reference> references;

  private SymbolIndex(List<Symbol> symbols, List<Reference> references) {
    this.symbols = List.copyOf(symbols);
    this.references = List.copyOf(references);
  }

  public static SymbolIndex of(MapNode root) {
    List<Symbol> symbols = new ArrayList<>();
    root.get("models")
        .ifPresent(
            models -> {
              if (models instanceof MapNode map) {
                for (Entry e : map.entries()) {
                  symbols.add(new Symbol(Kind.MODEL, e.key(), e.keySpan(), e.span(), e.value()));
                }
              }
            });
    root.get("inventory")
        .flatMap(i -> i instanceof MapNode m ? m.get("pools") : Optional.empty())
        .ifPresent(
            pools -> items(pools).forEach(item -> named(item, Kind.POOL).ifPresent(symbols::add)));
    root.get("deployments")
        .ifPresent(
            ds -> items(ds).forEach(item -> named(item, Kind.DEPLOYMENT).ifPresent(symbols::add)));
    List<Reference> references = new ArrayList<>();
    for (MapNode deployment : deployments(root)) {
      deployment
          .get("pools")
          .ifPresent(
              pools -> {
                List<Node> values = pools instanceof ListNode list ? list.items() : List.of(pools);
                for (Node value : values) {
                  if (value instanceof ScalarNode s && s.style() != ScalarNode.Style.NULL) {
                    references.add(new Reference(Kind.POOL, s.text(), s.span()));
                  }
                }
              });
      deployment
          .get("model")
          .ifPresent(
              model -> {
                if (model instanceof ScalarNode s
                    && symbols.stream()
                        .anyMatch(sym -> sym.kind() == Kind.MODEL && sym.name().equals(s.text()))) {
                  references.add(new Reference(Kind.MODEL, s.text(), s.span()));
                }
              });
    }
    return new SymbolIndex(symbols, references);
  }

  /** The deployment maps of a tree, in file order. */
  public static List<MapNode> deployments(MapNode root) {
    return root.get("deployments").map(SymbolIndex::items).orElse(List.of());
  }

  /** The pool maps of a tree, in file order. */
  public static List<MapNode> pools(MapNode root) {
    return root.get("inventory")
        .flatMap(i -> i instanceof MapNode m ? m.get("pools") : Optional.empty())
        .map(SymbolIndex::items)
        .orElse(List.of());
  }

  public List<Symbol> symbols() {
    return symbols;
  }

  public List<Symbol> symbols(Kind kind) {
    return symbols.stream().filter(s -> s.kind() == kind).toList();
  }

  public List<String> names(Kind kind) {
    return symbols(kind).stream().map(Symbol::name).distinct().toList();
  }

  public Optional<Symbol> find(Kind kind, String name) {
    return symbols.stream().filter(s -> s.kind() == kind && s.name().equals(name)).findFirst();
  }

  /** The declaration or reference under an offset, as (kind, name). */
  public Optional<Reference> at(int offset) {
    for (Reference r : references) {
      if (r.span().contains(offset)) {
        return Optional.of(r);
      }
    }
    for (Symbol s : symbols) {
      if (s.kind() != Kind.DEPLOYMENT && s.nameSpan().contains(offset)) {
        return Optional.of(new Reference(s.kind(), s.name(), s.nameSpan()));
      }
    }
    return Optional.empty();
  }

  /** Every use of a name, in file order. */
  public List<Reference> references(Kind kind, String name) {
    return references.stream().filter(r -> r.kind() == kind && r.name().equals(name)).toList();
  }

  private static List<MapNode> items(Node node) {
    List<MapNode> maps = new ArrayList<>();
    if (node instanceof ListNode list) {
      for (Node item : list.items()) {
        if (item instanceof MapNode m) {
          maps.add(m);
        }
      }
    }
    return maps;
  }

  private static Optional<Symbol> named(MapNode item, Kind kind) {
    return item.get("name")
        .filter(n -> n instanceof ScalarNode s && s.style() != ScalarNode.Style.NULL)
        .map(
            n ->
                new Symbol(
                    kind, ((ScalarNode) n).text(), n.span(), item.span().union(n.span()), item));
  }
}
