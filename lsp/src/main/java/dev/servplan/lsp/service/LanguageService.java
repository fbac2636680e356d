package dev.servplan.lsp.service;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.Syntax;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.lsp4j.TextEdit;

/**
 * The editor features over one {@link Document}, as plain functions with no protocol state: the
 * server calls them on its worker threads and tests call them directly. Positions are LSP positions
 * (0-based line, UTF-16 character).
 */
public final class LanguageService {
  private LanguageService() {}

  /** What {@code servplan check} reports, as LSP diagnostics. */
  public static List<Diagnostic> diagnostics(Document doc) {
    return DiagnosticConverter.toLsp(
        doc.compilation().diagnostics(), doc.source().lineMap(), doc.uri());
  }

  /** Quick fixes (the diagnostics' "did you mean" fixes) for diagnostics touching {@code range}. */
  public static List<CodeAction> codeActions(Document doc, Range range) {
    return DiagnosticConverter.quickFixes(
        doc.compilation().diagnostics(), doc.source().lineMap(), doc.uri(), range);
  }

  public static List<CompletionItem> completion(Document doc, Position position) {
    return Completer.complete(doc, offset(doc, position));
  }

  public static Optional<Hover> hover(Document doc, Position position) {
    return Hovers.hover(doc, offset(doc, position));
  }

  public static List<Location> definition(Document doc, Position position) {
    return Navigation.definition(doc, offset(doc, position));
  }

  public static List<Location> references(
      Document doc, Position position, boolean includeDeclaration) {
    return Navigation.references(doc, offset(doc, position), includeDeclaration);
  }

  public static List<DocumentSymbol> documentSymbols(Document doc) {
    return Navigation.documentSymbols(doc);
  }

  /**
   * The {@code servplan fmt} layout as one whole-document edit; no edit when the text is already
   * canonical, and empty (refused) when the file has syntax errors, since printing a partial tree
   * would delete what the parser could not read.
   */
  public static Optional<List<TextEdit>> format(Document doc) {
    ParsedSpec parsed = doc.parsed();
    if (!parsed.ok()) {
      return Optional.empty();
    }
    String formatted = SpecCompiler.printer(doc.syntax()).print(parsed.root());
    if (formatted.equals(doc.text())) {
      return Optional.of(List.of());
    }
    LineMap lines = doc.source().lineMap();
    Range whole = new Range(new Position(0, 0), Positions.position(lines, doc.text().length()));
    return Optional.of(List.of(new TextEdit(whole, formatted)));
  }

  public static SemanticTokensLegend semanticTokensLegend() {
    return SemanticTokensBuilder.LEGEND;
  }

  /** Semantic tokens for the DSL; YAML files are left to the editor's own YAML grammar. */
  public static SemanticTokens semanticTokens(Document doc) {
    if (doc.syntax() != Syntax.DSL) {
      return new SemanticTokens(List.of());
    }
    return new SemanticTokens(SemanticTokensBuilder.encode(doc.text(), doc.source().lineMap()));
  }

  private static int offset(Document doc, Position position) {
    return Positions.offset(doc.source().lineMap(), position);
  }
}
