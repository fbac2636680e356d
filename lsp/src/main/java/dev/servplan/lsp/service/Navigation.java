package dev.servplan.lsp.service;

import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;

/** Go to definition, find references and the outline, for pools and custom models. */
final class Navigation {
  private Navigation() {}

  static List<Location> definition(Document doc, int offset) {
    SymbolIndex index = SymbolIndex.of(doc.parsed().root());
    Optional<SymbolIndex.Reference> at = index.at(offset);
    if (at.isEmpty()) {
      return List.of();
    }
    LineMap lines = doc.source().lineMap();
    return index
        .find(at.get().kind(), at.get().name())
        .map(s -> List.of(new Location(doc.uri(), Positions.range(lines, s.nameSpan()))))
        .orElse(List.of());
  }

  static List<Location> references(Document doc, int offset, boolean includeDeclaration) {
    SymbolIndex index = SymbolIndex.of(doc.parsed().root());
    Optional<SymbolIndex.Reference> at = index.at(offset);
    if (at.isEmpty()) {
      return List.of();
    }
    LineMap lines = doc.source().lineMap();
    List<Location> out = new ArrayList<>();
    if (includeDeclaration) {
      index
          .find(at.get().kind(), at.get().name())
          .ifPresent(s -> out.add(new Location(doc.uri(), Positions.range(lines, s.nameSpan()))));
    }
    for (SymbolIndex.Reference r : index.references(at.get().kind(), at.get().name())) {
      out.add(new Location(doc.uri(), Positions.range(lines, r.span())));
    }
    return out;
  }

  /** The outline: models, pools and deployments, in file order within each group. */
  static List<DocumentSymbol> documentSymbols(Document doc) {
    MapNode root = doc.parsed().root();
    SymbolIndex index = SymbolIndex.of(root);
    LineMap lines = doc.source().lineMap();
    List<DocumentSymbol> out = new ArrayList<>();
    for (SymbolIndex.Symbol s : index.symbols()) {
      Span whole = s.span().union(s.nameSpan());
      Range range = Positions.range(lines, whole);
      Range selection = Positions.range(lines, s.nameSpan());
      DocumentSymbol symbol =
          new DocumentSymbol(s.name(), kind(s.kind()), range, selection, detail(s));
      out.add(symbol);
    }
    return out;
  }

  private static SymbolKind kind(SymbolIndex.Kind kind) {
    switch (kind) {
      case POOL:
        return SymbolKind.Struct;
      case MODEL:
        return SymbolKind.Class;
      default:
        return SymbolKind.Object;
    }
  }

  private static String detail(SymbolIndex.Symbol s) {
    if (!(s.node() instanceof MapNode map)) {
      return s.kind().name().toLowerCase(Locale.ROOT);
    }
    switch (s.kind()) {
      case POOL:
        return "pool: "
            + Hovers.text(map.get("gpu")).orElse("?")
            + Hovers.text(map.get("count")).map(c -> " x " + c).orElse("");
      case MODEL:
        return "model" + Hovers.text(map.get("base")).map(b -> ": " + b).orElse("");
      default:
        return "deployment" + Hovers.text(map.get("model")).map(m -> ": " + m).orElse("");
    }
  }
}
