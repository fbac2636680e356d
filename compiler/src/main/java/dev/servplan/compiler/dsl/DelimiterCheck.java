package dev.servplan.compiler.dsl;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import dev.servplan.grammar.SplanLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Finds unbalanced brackets before the parser's errors, which after a missing {@code '}'} point far
 * from the cause. When a closing bracket that starts its line matches, by indentation, an opener
 * further down the stack, the openers above it are the ones left open (as rustc reasons).
 */
final class DelimiterCheck {
  private DelimiterCheck() {}

  private record Open(Token token, int indent) {}

  static List<Diagnostic> check(SourceFile source, List<Token> tokens) {
    LineMap lines = source.lineMap();
    List<Diagnostic> problems = new ArrayList<>();
    Deque<Open> stack = new ArrayDeque<>();
    for (Token t : tokens) {
      int type = t.getType();
      if (type == SplanLexer.LBRACE || type == SplanLexer.LPAREN || type == SplanLexer.LBRACK) {
        stack.push(new Open(t, indent(lines, t)));
      } else if (type == SplanLexer.RBRACE
          || type == SplanLexer.RPAREN
          || type == SplanLexer.RBRACK) {
        if (startsLine(lines, t) && !stack.isEmpty() && stack.peek().indent() > indent(lines, t)) {
          // Pop openers deeper than this closer's indentation if one below matches it.
          boolean matchBelow =
              stack.stream().anyMatch(o -> o.indent() == indent(lines, t) && matches(o.token(), t));
          while (matchBelow && !stack.isEmpty() && stack.peek().indent() > indent(lines, t)) {
            problems.add(unclosed(source, stack.pop().token(), t, lines));
          }
        }
        if (stack.isEmpty()) {
          problems.add(
              Diagnostic.of(
                      Code.E0003,
                      span(source, t),
                      "unexpected '" + t.getText() + "': nothing to close")
                  .withHelp("remove it, or add the opening bracket it belongs to"));
        } else if (!matches(stack.peek().token(), t)
            && stack.stream().anyMatch(o -> matches(o.token(), t))) {
          // The closer belongs to an outer opener: the ones above it were left open.
          while (!matches(stack.peek().token(), t)) {
            problems.add(unclosed(source, stack.pop().token(), null, lines));
          }
          stack.pop();
        } else if (!matches(stack.peek().token(), t)) {
          Open open = stack.pop();
          problems.add(
              Diagnostic.of(
                      Code.E0003,
                      span(source, t),
                      "'"
                          + t.getText()
                          + "' does not close the '"
                          + open.token().getText()
                          + "' opened on line "
                          + lines.position(open.token().getStartIndex()).line())
                  .withRelated(new Related(span(source, open.token()), "opened here"))
                  .withHelp(
                      "close '"
                          + open.token().getText()
                          + "' with '"
                          + closer(open.token())
                          + "'"));
        } else {
          stack.pop();
        }
      }
    }
    while (!stack.isEmpty()) {
      problems.add(unclosed(source, stack.pop().token(), null, lines));
    }
    return problems;
  }

  private static Diagnostic unclosed(
      SourceFile source, Token open, Token seenCloser, LineMap lines) {
    String message = "this '" + open.getText() + "' is never closed";
    Diagnostic d =
        Diagnostic.of(Code.E0003, span(source, open), message)
            .withHelp("add '" + closer(open) + "' where its block ends");
    if (seenCloser != null) {
      d =
          d.withRelated(
              new Related(
                  span(source, seenCloser),
                  "by its indentation, this '"
                      + seenCloser.getText()
                      + "' closes an outer block (line "
                      + lines.position(seenCloser.getStartIndex()).line()
                      + ")"));
    }
    return d;
  }

  private static boolean matches(Token open, Token close) {
    return closer(open).equals(close.getText());
  }

  private static String closer(Token open) {
    switch (open.getType()) {
      case SplanLexer.LBRACE:
        return "}";
      case SplanLexer.LPAREN:
        return ")";
      default:
        return "]";
    }
  }

  private static int indent(LineMap lines, Token t) {
    String text = lines.lineText(lines.position(t.getStartIndex()).line());
    int i = 0;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean startsLine(LineMap lines, Token t) {
    LineMap.Position p = lines.position(t.getStartIndex());
    return lines.lineText(p.line()).substring(0, p.column() - 1).isBlank();
  }

  private static Span span(SourceFile source, Token t) {
    return source.span(t.getStartIndex(), t.getStopIndex() + 1);
  }
}
