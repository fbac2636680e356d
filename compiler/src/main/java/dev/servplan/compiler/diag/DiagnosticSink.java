package dev.servplan.compiler.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics; stages report here instead of throwing. */
public final class DiagnosticSink {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  public Diagnostic report(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
    return diagnostic;
  }

  public void reportAll(List<Diagnostic> more) {
    diagnostics.addAll(more);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** All diagnostics in source order. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(diagnostics);
    copy.sort(Diagnostic.ORDER);
    return List.copyOf(copy);
  }

  public int size() {
    return diagnostics.size();
  }
}
