package dev.servplan.compiler.dsl;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.grammar.SplanLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Cuts bracket nesting deeper than a limit out of the token list before parsing, reporting E0004
 * once per cut. Dropping the whole over-deep group (up to its closing bracket) leaves the outer
 * statement well formed, so the rest of the file still parses normally.
 */
final class DepthGuard {
  private DepthGuard() {}

  static List<Token> filter(
      SourceFile source, List<Token> tokens, int maxDepth, List<Diagnostic> diagnostics) {
    List<Token> kept = new ArrayList<>(tokens.size());
    int depth = 0;
    int skipping = 0;
    for (Token token : tokens) {
      int type = token.getType();
      boolean opens =
          type == SplanLexer.LBRACE || type == SplanLexer.LBRACK || type == SplanLexer.LPAREN;
      boolean closes =
          type == SplanLexer.RBRACE || type == SplanLexer.RBRACK || type == SplanLexer.RPAREN;
      if (skipping > 0) {
        if (opens) {
          skipping++;
        } else if (closes) {
          skipping--;
        }
        continue;
      }
      if (opens && depth == maxDepth) {
        skipping = 1;
        diagnostics.add(
            Diagnostic.of(
                    Code.E0004,
                    Spans.of(source, token),
                    "nesting deeper than " + maxDepth + " levels")
                .withHelp("flatten the spec; everything inside this bracket was skipped"));
        continue;
      }
      if (opens) {
        depth++;
      } else if (closes && depth > 0) {
        depth--;
      }
      kept.add(token);
    }
    return kept;
  }
}
