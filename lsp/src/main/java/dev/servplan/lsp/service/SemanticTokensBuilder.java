package dev.servplan.lsp.service;

import dev.servplan.compiler.source.LineMap;
import dev.servplan.lsp.service.SplanLexer.Kind;
import dev.servplan.lsp.service.SplanLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.lsp4j.SemanticTokenTypes;
import org.eclipse.lsp4j.SemanticTokensLegend;

/**
 * Semantic tokens for the DSL from one lexer pass: statement heads are keywords (sugar words) or
 * properties (other keys), the name after {@code spec/model/pool/deployment} is a declared
 * variable, other words are values, plus numbers and quantities, strings, comments and operators.
 */
final class SemanticTokensBuilder {
  static final List<String> TYPES =
      List.of(
          SemanticTokenTypes.Keyword,
          SemanticTokenTypes.Property,
          SemanticTokenTypes.Variable,
          SemanticTokenTypes.EnumMember,
          SemanticTokenTypes.Number,
          SemanticTokenTypes.String,
          SemanticTokenTypes.Comment,
          SemanticTokenTypes.Operator);
  static final List<String> MODIFIERS = List.of("declaration");
  static final SemanticTokensLegend LEGEND = new SemanticTokensLegend(TYPES, MODIFIERS);

  /** Words with DSL sugar (docs/spec-language.md); other statement heads are plain keys. */
  private static final Set<String> SUGAR =
      Set.of(
          "spec",
          "model",
          "pool",
          "deployment",
          "objective",
          "gpu",
          "pools",
          "precision",
          "workload",
          "slo",
          "rate",
          "input",
          "output",
          "options");

  private static final Set<String> DECLARING = Set.of("spec", "model", "pool", "deployment");

  private SemanticTokensBuilder() {}

  /** The LSP relative encoding: five integers per token. */
  static List<Integer> encode(String text, LineMap lines) {
    List<Integer> data = new ArrayList<>();
    int prevLine = 0;
    int prevChar = 0;
    boolean statementStart = true;
    String head = null;
    int wordInStatement = 0;
    int depth = 0;
    int brackets = 0;
    int parens = 0;
    for (Token t : SplanLexer.lex(text)) {
      int type;
      int modifiers = 0;
      switch (t.kind()) {
        case NEWLINE:
        case SEMI:
          statementStart = statementStart || brackets == 0;
          continue;
        case LBRACE:
        case RBRACE:
          statementStart = true;
          depth += t.kind() == Kind.LBRACE ? 1 : -1;
          continue;
        case LBRACKET:
        case RBRACKET:
          brackets = Math.max(0, brackets + (t.kind() == Kind.LBRACKET ? 1 : -1));
          continue;
        case LPAREN:
        case RPAREN:
          // Arguments in ( ) are key-value pairs again: lognormal(mean 1500, p99 8000).
          parens = Math.max(0, parens + (t.kind() == Kind.LPAREN ? 1 : -1));
          statementStart = t.kind() == Kind.LPAREN;
          continue;
        case COMMA:
          statementStart = parens > 0;
          continue;
        case COMMENT:
          type = TYPES.indexOf(SemanticTokenTypes.Comment);
          break;
        case STRING:
          type = TYPES.indexOf(SemanticTokenTypes.String);
          break;
        case NUMBER:
          type = TYPES.indexOf(SemanticTokenTypes.Number);
          break;
        case COMPARE:
        case PIPE:
          type = TYPES.indexOf(SemanticTokenTypes.Operator);
          break;
        case NAME:
          if (statementStart) {
            head = t.text();
            wordInStatement = 0;
            type =
                TYPES.indexOf(
                    SUGAR.contains(head)
                        ? SemanticTokenTypes.Keyword
                        : SemanticTokenTypes.Property);
          } else if (wordInStatement == 1 && DECLARING.contains(head) && depth == 0) {
            type = TYPES.indexOf(SemanticTokenTypes.Variable);
            modifiers = 1;
          } else if (t.text().equals("x") && "gpu".equals(head)) {
            type = TYPES.indexOf(SemanticTokenTypes.Keyword);
          } else {
            type = TYPES.indexOf(SemanticTokenTypes.EnumMember);
          }
          break;
        default:
          continue;
      }
      if (t.kind() != Kind.COMMENT) {
        statementStart = false;
        wordInStatement++;
      }
      if (t.end() <= t.start()) {
        continue;
      }
      var start = Positions.position(lines, t.start());
      int line = start.getLine();
      int character = start.getCharacter();
      data.add(line - prevLine);
      data.add(line == prevLine ? character - prevChar : character);
      data.add(t.end() - t.start());
      data.add(type);
      data.add(modifiers);
      prevLine = line;
      prevChar = character;
    }
    return data;
  }
}
