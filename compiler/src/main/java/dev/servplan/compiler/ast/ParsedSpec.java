package dev.servplan.compiler.ast;

import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import java.util.List;
import java.util.Objects;

/**
 * What a front end returns: always a tree (possibly partial, an empty map at worst) and the
 * diagnostics found while reading. Callers stop before lowering when {@link #ok()} is false, but
 * the language server still uses the partial tree.
 */
public record ParsedSpec(SourceFile source, MapNode root, List<Diagnostic> diagnostics) {
  public ParsedSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(root, "root");
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
