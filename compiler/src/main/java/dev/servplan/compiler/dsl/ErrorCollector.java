package dev.servplan.compiler.dsl;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Collects syntax errors as E0003 diagnostics instead of printing them to the console. */
final class ErrorCollector extends BaseErrorListener {
  /**
   * Past this many, further errors are counted but not kept: garbage input yields one per token.
   */
  static final int MAX_REPORTED = 50;

  private final SourceFile source;
  private final HumanErrorStrategy strategy;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private int dropped;

  ErrorCollector(SourceFile source, HumanErrorStrategy strategy) {
    this.source = source;
    this.strategy = strategy;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String msg,
      RecognitionException e) {
    HumanErrorStrategy.Report report = strategy.takePending();
    if (diagnostics.size() >= MAX_REPORTED) {
      dropped++;
      return;
    }
    Span span =
        offendingSymbol instanceof Token
            ? Spans.of(source, (Token) offendingSymbol)
            : source.span(0, 0);
    String message = report != null ? report.message() : msg;
    Diagnostic diagnostic = Diagnostic.of(Code.E0003, span, message);
    if (report != null && report.help() != null) {
      diagnostic = diagnostic.withHelp(report.help());
    }
    diagnostics.add(diagnostic);
  }

  List<Diagnostic> diagnostics() {
    List<Diagnostic> all = new ArrayList<>(diagnostics);
    if (dropped > 0) {
      Span end = all.get(all.size() - 1).span();
      all.add(Diagnostic.of(Code.E0003, end, dropped + " more syntax errors not shown"));
    }
    return all;
  }
}
