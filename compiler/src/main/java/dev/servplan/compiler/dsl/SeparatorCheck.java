package dev.servplan.compiler.dsl;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.grammar.SplanParser;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Reports two statements with no new line or ';' between them ({@code a 1 b 2}). The grammar lets
 * statement lists be any mix of statements and separators so that ANTLR can recover well; this
 * check puts the separator rule back.
 */
final class SeparatorCheck {
  private SeparatorCheck() {}

  static void check(SourceFile source, ParseTree node, List<Diagnostic> diagnostics) {
    boolean list = CommentAssigner.isStatementList(node);
    boolean afterStatement = false;
    for (int i = 0; i < node.getChildCount(); i++) {
      ParseTree child = node.getChild(i);
      if (list) {
        if (child instanceof SplanParser.SepContext || child instanceof ErrorNode) {
          afterStatement = false;
        } else if (child instanceof ParserRuleContext) {
          if (afterStatement) {
            ParserRuleContext statement = (ParserRuleContext) child;
            diagnostics.add(missing(source, node.getChild(i - 1), statement));
          }
          afterStatement = true;
        }
      }
      if (child instanceof ParserRuleContext) {
        check(source, child, diagnostics);
      }
    }
  }

  private static Diagnostic missing(
      SourceFile source, ParseTree previous, ParserRuleContext statement) {
    Token start = statement.getStart();
    if (previous instanceof SplanParser.GpuStmtContext && start.getType() == SplanParser.X) {
      // `gpu h100 x` with the count missing reads as `gpu h100` then a statement `x`.
      return Diagnostic.of(
              Code.E0003, Spans.of(source, start), "expected a GPU count like 64 after 'x'")
          .withHelp("pool lines look like `gpu h100-sxm-80gb x 64` or `key value`");
    }
    return Diagnostic.of(
            Code.E0003,
            Spans.of(source, start),
            "expected a new line or ';' before " + HumanErrorStrategy.show(start))
        .withHelp("write one statement per line, or separate them with ';'");
  }
}
