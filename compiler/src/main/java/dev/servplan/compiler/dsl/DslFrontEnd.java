package dev.servplan.compiler.dsl;

import dev.servplan.compiler.ast.FrontEnd;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.grammar.SplanLexer;
import dev.servplan.grammar.SplanParser;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The {@code .splan} front end: lexes and parses with ANTLR, reports syntax errors as E0003
 * diagnostics (never on the console, never by throwing), and builds the shared spec tree from
 * whatever the parser recovered.
 */
public final class DslFrontEnd implements FrontEnd {
  /**
   * A hand-written spec is a few KB; past this the input is not a spec and parsing would only cost
   * memory.
   */
  public static final int MAX_CHARS = 1 << 20;

  /**
   * Real specs nest about five levels; the cap keeps the recursive-descent parser off the stack
   * limit.
   */
  public static final int MAX_DEPTH = 64;

  @Override
  public ParsedSpec parse(SourceFile source) {
    try {
      return parseChecked(source);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug in the front end must not take the caller down; report it like any other problem.
      Diagnostic internal =
          Diagnostic.of(Code.E0003, source.span(0, 0), "internal error in the DSL parser: " + e)
              .withHelp("please report this with the spec that caused it");
      return new ParsedSpec(source, empty(source), List.of(internal));
    }
  }

  private ParsedSpec parseChecked(SourceFile source) {
    String text = source.text();
    if (text.length() > MAX_CHARS) {
      Diagnostic tooLarge =
          Diagnostic.of(
              Code.E0004,
              source.span(0, 0),
              "the spec is " + text.length() + " characters long; the limit is " + MAX_CHARS);
      return new ParsedSpec(source, empty(source), List.of(tooLarge));
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    SplanLexer lexer = new SplanLexer(charStream(source));
    lexer.removeErrorListeners();
    List<Token> tokens =
        DepthGuard.filter(source, new ArrayList<>(lexer.getAllTokens()), MAX_DEPTH, diagnostics);

    CommonTokenStream stream =
        new CommonTokenStream(new ListTokenSource(tokens, source.id().name()));
    SplanParser parser = new SplanParser(stream);
    parser.removeErrorListeners();
    SplanParser.FileContext file;
    // Fast SLL prediction first; it bails on the first error, and only then is the input parsed
    // again with full LL, error recovery and reporting (the pattern of Trino's SqlParser).
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      file = parser.file();
    } catch (ParseCancellationException e) {
      stream.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      HumanErrorStrategy strategy = new HumanErrorStrategy();
      ErrorCollector collector = new ErrorCollector(source, strategy);
      parser.setErrorHandler(strategy);
      parser.addErrorListener(collector);
      file = parser.file();
      diagnostics.addAll(collector.diagnostics());
    }

    SeparatorCheck.check(source, file, diagnostics);
    Map<ParserRuleContext, List<String>> comments =
        CommentAssigner.assign(stream.getTokens(), file);
    MapNode root = new TreeBuilder(source, comments, diagnostics).build(file);
    if (root.entries().isEmpty() && diagnostics.isEmpty()) {
      diagnostics.add(Diagnostic.of(Code.E0007, source.wholeSpan()));
    }
    List<Diagnostic> brackets = DelimiterCheck.check(source, tokens);
    if (!brackets.isEmpty()) {
      // After an unbalanced bracket the other syntax errors are follow-on noise far from the cause:
      // report the brackets alone, and the rest once they are fixed.
      diagnostics.removeIf(d -> d.code() == Code.E0003);
      diagnostics.addAll(brackets);
    }
    diagnostics.sort(Diagnostic.ORDER);
    return new ParsedSpec(source, root, diagnostics);
  }

  /** Indexes by UTF-16 char, not code point, so token offsets are the char offsets spans use. */
  static CharStream charStream(SourceFile source) {
    CodePointBuffer buffer =
        CodePointBuffer.withChars(CharBuffer.wrap(source.text().toCharArray()));
    return CodePointCharStream.fromBuffer(buffer, source.id().name());
  }

  private static MapNode empty(SourceFile source) {
    return new MapNode(List.of(), source.span(0, 0));
  }
}
