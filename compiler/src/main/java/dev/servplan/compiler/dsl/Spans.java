package dev.servplan.compiler.dsl;

import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Spans from tokens: char offsets into the DSL text, clamped so recovery tokens never break them.
 */
final class Spans {
  private Spans() {}

  static Span of(SourceFile source, Token token) {
    return of(source, token, token);
  }

  static Span of(SourceFile source, Token first, Token last) {
    int length = source.text().length();
    int start = clamp(first.getStartIndex(), length);
    if (first.getType() == Token.EOF) {
      start = length;
    }
    int end =
        last == null || last.getType() == Token.EOF
            ? start
            : clamp(last.getStopIndex() + 1, length);
    return source.span(start, Math.max(start, end));
  }

  static Span of(SourceFile source, ParserRuleContext ctx) {
    Token stop = ctx.getStop();
    if (stop == null || stop.getTokenIndex() < ctx.getStart().getTokenIndex()) {
      stop = ctx.getStart();
    }
    return of(source, ctx.getStart(), stop);
  }

  private static int clamp(int offset, int length) {
    return Math.max(0, Math.min(offset, length));
  }
}
