package dev.servplan.compiler.dsl;

import dev.servplan.grammar.SplanLexer;
import dev.servplan.grammar.SplanParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Decides which statement each comment belongs to, so the printer can keep comments. A comment at
 * the end of a statement's last line belongs to that statement; a comment on its own line belongs
 * to the next statement in the same block, or, when the block ends first, to the block's last
 * statement (or to the block's own statement when it is empty). Comments with no statement at all
 * (a file of only comments) are dropped.
 */
final class CommentAssigner {
  private CommentAssigner() {}

  static Map<ParserRuleContext, List<String>> assign(List<Token> tokens, ParserRuleContext root) {
    List<ParserRuleContext> statements = new ArrayList<>();
    collect(root, statements);
    Map<Integer, ParserRuleContext> byStart = new HashMap<>();
    Map<Integer, ParserRuleContext> byStop = new HashMap<>();
    for (ParserRuleContext statement : statements) {
      byStart.putIfAbsent(statement.getStart().getTokenIndex(), statement);
      if (statement.getStop() != null) {
        byStop.putIfAbsent(statement.getStop().getTokenIndex(), statement);
      }
    }
    int n = tokens.size();
    int[] previous = new int[n];
    int last = -1;
    for (int i = 0; i < n; i++) {
      previous[i] = last;
      if (significant(tokens.get(i))) {
        last = i;
      }
    }
    int[] next = new int[n];
    last = -1;
    for (int i = n - 1; i >= 0; i--) {
      next[i] = last;
      if (significant(tokens.get(i))) {
        last = i;
      }
    }
    Map<ParserRuleContext, List<String>> comments = new IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      Token token = tokens.get(i);
      if (token.getType() != SplanLexer.COMMENT) {
        continue;
      }
      ParserRuleContext owner = null;
      int before = previous[i];
      int after = next[i];
      if (before >= 0 && tokens.get(before).getLine() == token.getLine()) {
        owner = byStop.get(before);
      }
      if (owner == null && after >= 0) {
        owner = byStart.get(after);
      }
      if (owner == null && before >= 0) {
        owner = byStop.get(before);
      }
      if (owner == null) {
        owner = innermostEnclosing(statements, i);
      }
      if (owner != null) {
        comments.computeIfAbsent(owner, k -> new ArrayList<>()).add(text(token.getText()));
      }
    }
    return comments;
  }

  /** The comment without its marker and the one space after it. */
  static String text(String comment) {
    String body =
        comment.startsWith("#")
            ? comment.substring(1)
            : comment.substring(Math.min(2, comment.length()));
    if (body.startsWith(" ")) {
      body = body.substring(1);
    }
    return body.stripTrailing();
  }

  private static boolean significant(Token token) {
    return token.getChannel() == Token.DEFAULT_CHANNEL
        && token.getType() != SplanLexer.NL
        && token.getType() != SplanLexer.SEMI;
  }

  private static ParserRuleContext innermostEnclosing(
      List<ParserRuleContext> statements, int index) {
    ParserRuleContext best = null;
    for (ParserRuleContext statement : statements) {
      Token stop = statement.getStop();
      if (stop != null
          && statement.getStart().getTokenIndex() < index
          && stop.getTokenIndex() > index
          && (best == null
              || statement.getStart().getTokenIndex() >= best.getStart().getTokenIndex())) {
        best = statement;
      }
    }
    return best;
  }

  /** Statements are the rule children of the statement-list rules, in source order. */
  private static void collect(ParseTree node, List<ParserRuleContext> out) {
    boolean list = isStatementList(node);
    for (int i = 0; i < node.getChildCount(); i++) {
      ParseTree child = node.getChild(i);
      if (list
          && child instanceof ParserRuleContext
          && !(child instanceof SplanParser.SepContext)) {
        out.add((ParserRuleContext) child);
      }
      if (child instanceof ParserRuleContext) {
        collect(child, out);
      }
    }
  }

  static boolean isStatementList(ParseTree node) {
    return node instanceof SplanParser.FileContext
        || node instanceof SplanParser.BodyContext
        || node instanceof SplanParser.PoolBodyContext
        || node instanceof SplanParser.DeploymentBodyContext
        || node instanceof SplanParser.WorkloadBodyContext
        || node instanceof SplanParser.SloBodyContext;
  }
}
