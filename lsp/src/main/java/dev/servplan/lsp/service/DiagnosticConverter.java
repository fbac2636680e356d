package dev.servplan.lsp.service;

import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.LineMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/** Turns compiler diagnostics into LSP diagnostics, and their fixes into quick-fix code actions. */
public final class DiagnosticConverter {
  /** The {@code source} every diagnostic carries, so editors can tell ours apart. */
  public static final String SOURCE = "servplan";

  private DiagnosticConverter() {}

  /** The message is the one {@code servplan check} prints; the help line follows it. */
  public static org.eclipse.lsp4j.Diagnostic toLsp(Diagnostic d, LineMap lines, String uri) {
    String message = d.help() == null ? d.message() : d.message() + "\nhelp: " + d.help();
    org.eclipse.lsp4j.Diagnostic out =
        new org.eclipse.lsp4j.Diagnostic(
            Positions.range(lines, d.span()), message, severity(d), SOURCE, d.code().name());
    if (!d.related().isEmpty()) {
      List<DiagnosticRelatedInformation> related = new ArrayList<>();
      for (Related r : d.related()) {
        related.add(
            new DiagnosticRelatedInformation(
                new Location(uri, Positions.range(lines, r.span())), r.message()));
      }
      out.setRelatedInformation(related);
    }
    return out;
  }

  public static List<org.eclipse.lsp4j.Diagnostic> toLsp(
      List<Diagnostic> diagnostics, LineMap lines, String uri) {
    List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>(diagnostics.size());
    for (Diagnostic d : diagnostics) {
      out.add(toLsp(d, lines, uri));
    }
    return out;
  }

  /** One quick fix per {@link Fix} of every diagnostic whose range touches {@code range}. */
  public static List<CodeAction> quickFixes(
      List<Diagnostic> diagnostics, LineMap lines, String uri, Range range) {
    List<CodeAction> actions = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      if (d.fixes().isEmpty()) {
        continue;
      }
      org.eclipse.lsp4j.Diagnostic lsp = toLsp(d, lines, uri);
      if (!Positions.overlaps(lsp.getRange(), range)) {
        continue;
      }
      for (Fix fix : d.fixes()) {
        List<TextEdit> edits = new ArrayList<>();
        for (Fix.Edit edit : fix.edits()) {
          edits.add(new TextEdit(Positions.range(lines, edit.span()), edit.replacement()));
        }
        Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
        changes.put(uri, edits);
        CodeAction action = new CodeAction(fix.title());
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(lsp));
        action.setEdit(new WorkspaceEdit(changes));
        action.setIsPreferred(d.fixes().size() == 1);
        actions.add(action);
      }
    }
    return actions;
  }

  private static DiagnosticSeverity severity(Diagnostic d) {
    switch (d.severity()) {
      case ERROR:
        return DiagnosticSeverity.Error;
      case WARNING:
        return DiagnosticSeverity.Warning;
      default:
        return DiagnosticSeverity.Information;
    }
  }
}
