package dev.servplan.compiler.dsl;

import dev.servplan.grammar.SplanLexer;
import dev.servplan.grammar.SplanParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovering error strategy with messages written for people: it names what was expected in
 * the words of the spec ("expected a duration like 800ms") instead of dumping token names, and adds
 * a hint showing the statement forms allowed where the error happened.
 */
final class HumanErrorStrategy extends DefaultErrorStrategy {

  /** Reported message plus a help line; the listener turns both into a diagnostic. */
  record Report(String message, String help) {}

  private Report pending;

  /** The help for the message being reported, consumed by the listener. */
  Report takePending() {
    Report report = pending;
    pending = null;
    return report;
  }

  /**
   * Never recovers by deleting a new line or ';': they end statements, and deleting one glues the
   * next statement onto the broken one (`ttft p99 <= ; tpot ...` would read `tpot` as the
   * duration).
   */
  @Override
  protected Token singleTokenDeletion(Parser parser) {
    int next = parser.getInputStream().LA(1);
    if (next == SplanLexer.NL || next == SplanLexer.SEMI) {
      return null;
    }
    return super.singleTokenDeletion(parser);
  }

  @Override
  protected void reportInputMismatch(Parser parser, InputMismatchException e) {
    Token found = e.getOffendingToken();
    notify(
        parser,
        found,
        e.getCtx(),
        "expected " + describe(e.getExpectedTokens(), e.getCtx()) + ", found " + show(found),
        e);
  }

  @Override
  protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
    Token found = e.getOffendingToken();
    String message;
    if (e.getStartToken() == found || e.getStartToken().getTokenIndex() == found.getTokenIndex()) {
      message =
          "expected " + describe(e.getExpectedTokens(), e.getCtx()) + ", found " + show(found);
    } else {
      message = "unexpected " + show(found) + " in this statement";
    }
    notify(parser, found, e.getCtx(), message, e);
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token found = parser.getCurrentToken();
    String message =
        found.getType() == SplanLexer.BAD_STRING
            ? "unterminated string: it needs a closing '\"' on the same line"
            : "unexpected "
                + show(found)
                + ", expected "
                + describe(getExpectedTokens(parser), parser.getContext());
    notify(parser, found, parser.getContext(), message, null);
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token found = parser.getCurrentToken();
    String message =
        "expected "
            + describe(getExpectedTokens(parser), parser.getContext())
            + ", found "
            + show(found);
    notify(parser, found, parser.getContext(), message, null);
  }

  private void notify(
      Parser parser, Token found, RuleContext ctx, String message, RecognitionException e) {
    if (found.getType() == SplanLexer.BAD_STRING) {
      message = "unterminated string: it needs a closing '\"' on the same line";
    }
    pending = new Report(message, hint(ctx));
    parser.notifyErrorListeners(found, message, e);
  }

  /** What was expected, preferring the kind of value the enclosing rule asks for. */
  static String describe(IntervalSet expected, RuleContext ctx) {
    String typed = typedValue(ctx);
    if (typed != null) {
      return typed;
    }
    List<String> parts = new ArrayList<>();
    boolean names = expected.contains(SplanLexer.ID);
    boolean values = expected.contains(SplanLexer.NUMBER) || expected.contains(SplanLexer.QUANTITY);
    if (names && values) {
      parts.add("a value");
    } else if (names) {
      parts.add("a name");
    } else if (values) {
      parts.add("a number");
    } else if (expected.contains(SplanLexer.STRING)) {
      parts.add("a quoted string");
    }
    for (int type : expected.toArray()) {
      if (names && DslText.isNameType(type)) {
        continue;
      }
      String part = describeToken(type, names || values);
      if (part != null && !parts.contains(part)) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      return "something else";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " or "
        + parts.get(parts.size() - 1);
  }

  private static String describeToken(int type, boolean valueAlreadyNamed) {
    switch (type) {
      case Token.EOF:
        return "end of file";
      case SplanLexer.NL:
      case SplanLexer.SEMI:
        return "a new line or ';'";
      case SplanLexer.NUMBER:
      case SplanLexer.QUANTITY:
      case SplanLexer.STRING:
        return valueAlreadyNamed ? null : "a value";
      case SplanLexer.LBRACE:
        return "'{'";
      case SplanLexer.RBRACE:
        return "'}'";
      case SplanLexer.LBRACK:
        return "'['";
      case SplanLexer.RBRACK:
        return "']'";
      case SplanLexer.LPAREN:
        return "'('";
      case SplanLexer.RPAREN:
        return "')'";
      case SplanLexer.COMMA:
        return "','";
      case SplanLexer.PIPE:
        return "'|'";
      case SplanLexer.LE:
        return "'<='";
      case SplanLexer.GE:
        return "'>='";
      default:
        if (DslText.isNameType(type)) {
          String literal = SplanLexer.VOCABULARY.getLiteralName(type);
          return literal != null ? literal : "a name";
        }
        return null;
    }
  }

  /** A phrase for value positions whose kind is known from the grammar rule. */
  private static String typedValue(RuleContext ctx) {
    for (RuleContext c = ctx; c != null; c = c.parent) {
      switch (c.getRuleIndex()) {
        case SplanParser.RULE_duration:
          return "a duration like 800ms";
        case SplanParser.RULE_percent:
          return "a percentage like 99%";
        case SplanParser.RULE_rate:
          return "a request rate like 40/s";
        case SplanParser.RULE_count:
          return "a GPU count like 64";
        case SplanParser.RULE_atom:
        case SplanParser.RULE_name:
        case SplanParser.RULE_key:
          continue;
        default:
          return null;
      }
    }
    return null;
  }

  /** A help line showing the forms allowed in the innermost enclosing statement list. */
  private static String hint(RuleContext ctx) {
    for (RuleContext c = ctx; c != null; c = c.parent) {
      switch (c.getRuleIndex()) {
        case SplanParser.RULE_sloItem:
        case SplanParser.RULE_sloBody:
          return "slo lines look like `ttft p99 <= 800ms` or `attainment >= 99%`";
        case SplanParser.RULE_arrival:
        case SplanParser.RULE_workloadItem:
        case SplanParser.RULE_workloadBody:
          return "workload lines look like `rate 40/s poisson`, `input lognormal(mean 1500, p99 8000)`"
              + " or `key value`";
        case SplanParser.RULE_args:
        case SplanParser.RULE_arg:
          return "arguments look like `(mean 1500, p99 8000)`";
        case SplanParser.RULE_poolItem:
        case SplanParser.RULE_poolBody:
          return "pool lines look like `gpu h100-sxm-80gb x 64` or `key value`";
        case SplanParser.RULE_list:
          return "a list looks like `[a, b, c]`; items are separated by ',' or new lines";
        case SplanParser.RULE_generic:
        case SplanParser.RULE_body:
        case SplanParser.RULE_deploymentBody:
        case SplanParser.RULE_deploymentItem:
          return "a statement is `key value`, `key { ... }` or `key [a, b]`, one per line or separated by ';'";
        case SplanParser.RULE_topStmt:
        case SplanParser.RULE_file:
          return "top-level statements: `spec NAME`, `model NAME { ... }`, `pool NAME { ... }`,"
              + " `deployment NAME { ... }`, `objective minimize cost`, or `key value`";
        default:
          break;
      }
    }
    return null;
  }

  /** How a token is shown in a message. */
  static String show(Token token) {
    switch (token.getType()) {
      case Token.EOF:
        return "end of file";
      case SplanLexer.NL:
        return "end of line";
      case SplanLexer.BAD_STRING:
        return "an unterminated string";
      case SplanLexer.ERROR_CHAR:
        return "character " + printable(token.getText());
      default:
        String text = token.getText() == null ? "" : token.getText();
        if (text.length() > 40) {
          text = text.substring(0, 37) + "...";
        }
        return printable(text);
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || (c >= 0x80 && c < 0xa0)
          || Character.isSurrogate(c)
          || c == 0xfffd) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
