package dev.servplan.compiler.yaml;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.reader.ReaderException;

/** Turns what Jackson and SnakeYAML throw into diagnostics with plain-words messages. */
final class SyntaxErrors {
  private final SourceFile source;
  private final CodePointOffsets offsets;

  SyntaxErrors(SourceFile source, CodePointOffsets offsets) {
    this.source = source;
    this.offsets = offsets;
  }

  /** The diagnostic for a failure, given the last event the parser produced (may be null). */
  Diagnostic translate(Throwable failure, Event lastEvent) {
    if (failure instanceof EventYamlParser.SecondDocumentException) {
      Mark mark = ((EventYamlParser.SecondDocumentException) failure).mark;
      return Diagnostic.of(
              Code.E0002,
              at(mark),
              "a second YAML document starts here; a spec file holds exactly one")
          .withHelp("put each spec in its own file, or remove the '---' line");
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException) {
        return Diagnostic.of(
            Code.E0004,
            eventSpan(lastEvent),
            "the spec exceeds a reader limit: " + firstLine(t.getMessage()));
      }
      if (t instanceof MarkedYAMLException) {
        return marked((MarkedYAMLException) t);
      }
      if (t instanceof ReaderException) {
        ReaderException r = (ReaderException) t;
        return Diagnostic.of(
                Code.E0002,
                point(offsets.toChar(r.getPosition())),
                String.format(
                    Locale.ROOT, "the character U+%04X is not allowed in YAML", r.getCodePoint()))
            .withHelp(
                "remove it; inside double quotes it can be written as an escape such as \\x07");
      }
      String message = t.getMessage();
      if (message != null && message.contains("exceeds the limit")) {
        return Diagnostic.of(Code.E0004, point(0), "the spec is too long for the YAML reader");
      }
    }
    if (lastEvent instanceof AliasEvent) {
      return Diagnostic.of(
              Code.E0006,
              eventSpan(lastEvent),
              "aliases ('*" + ((AliasEvent) lastEvent).getAnchor() + "') are not allowed")
          .withHelp("write the value out in full");
    }
    if (lastEvent instanceof CollectionStartEvent) {
      return Diagnostic.of(
              Code.E0002, eventSpan(lastEvent), "a key must be plain text, not a map or a list")
          .withHelp("write the key as text, such as 'name:'");
    }
    String detail =
        failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : firstLine(failure.getMessage());
    return Diagnostic.of(Code.E0002, eventSpan(lastEvent), "the YAML could not be read: " + detail);
  }

  private Diagnostic marked(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    Span here = at(e.getProblemMark());
    if (problem.contains("(TAB)") || problem.contains("tab character")) {
      return Diagnostic.of(
              Code.E0002, here, "a tab is used for indentation; YAML indents with spaces only")
          .withHelp("replace the tab with spaces");
    }
    if (problem.contains("cannot start any token")) {
      String ch = between(problem, "found character '", "'");
      return Diagnostic.of(Code.E0002, here, "'" + ch + "' cannot start a value")
          .withHelp("put the value in quotes, like \"" + ch + "...\"");
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return Diagnostic.of(
              Code.E0002,
              here,
              "unexpected ':' here: this line is indented wrongly, or a value containing ': ' is not quoted")
          .withHelp("check the indentation, or quote the value");
    }
    if (problem.startsWith("could not find expected ':'")) {
      Span keyStart = at(e.getContextMark());
      return Diagnostic.of(Code.E0002, keyStart, "expected ':' after this key")
          .withHelp(
              "write 'key: value'; text that continues on the next line must be indented or quoted");
    }
    if (problem.contains("found unexpected end of stream") && context.contains("quoted scalar")) {
      return Diagnostic.of(Code.E0002, at(e.getContextMark()), "this quoted text is never closed")
          .withHelp("add the closing quote");
    }
    if (problem.startsWith("found unknown escape character")) {
      return Diagnostic.of(Code.E0002, here, "unknown escape sequence in double-quoted text")
          .withHelp("use single quotes, or write a backslash as '\\\\'");
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return Diagnostic.of(
              Code.E0002,
              here,
              "expected ',' or ']' in the list opened at line "
                  + line(e.getContextMark())
                  + ", found "
                  + words(after(problem, "but got ")))
          .withHelp("close the list with ']'");
    }
    if (problem.startsWith("expected ',' or '}'")) {
      return Diagnostic.of(
              Code.E0002,
              here,
              "expected ',' or '}' in the map opened at line "
                  + line(e.getContextMark())
                  + ", found "
                  + words(after(problem, "but got ")))
          .withHelp("close the map with '}'");
    }
    if (problem.startsWith("expected <block end>, but found")) {
      String found = after(problem, "but found ");
      String message;
      if (found.contains("-")) {
        message = "a list item ('- ') where a key was expected";
      } else if (context.contains("block collection") || found.contains("?")) {
        message = "a key where a list item ('- ') was expected";
      } else {
        message = "this line is not aligned with the lines above it";
      }
      return Diagnostic.of(Code.E0002, here, message)
          .withHelp("check the indentation: keys of one map start in the same column");
    }
    if (problem.startsWith("did not find expected key")) {
      return Diagnostic.of(Code.E0002, here, "expected a key here")
          .withHelp("check the indentation of this line");
    }
    if (problem.startsWith("did not find expected '-' indicator")) {
      return Diagnostic.of(Code.E0002, here, "expected a list item ('- ') here")
          .withHelp("check the indentation of this line");
    }
    if (problem.startsWith("did not find expected node content")
        || problem.startsWith("expected the node content")) {
      return Diagnostic.of(
          Code.E0002,
          here,
          "a value is missing here, found " + words(after(problem, "but found ")));
    }
    String plain = words(problem.isEmpty() ? firstLine(e.getMessage()) : problem);
    String where = context.isEmpty() ? "" : " (" + words(context) + ")";
    return Diagnostic.of(Code.E0002, here, "invalid YAML: " + plain + where);
  }

  /** Replaces SnakeYAML's token names with words. */
  private static String words(String snake) {
    return snake
        .replace("<stream end>", "the end of the file")
        .replace("<block end>", "the end of the block")
        .replace("<block mapping start>", "a key")
        .replace("<block sequence start>", "a list")
        .replace("<document start>", "'---'")
        .replace("<document end>", "'...'")
        .replace("<scalar>", "a value")
        .trim();
  }

  private static String after(String text, String marker) {
    int at = text.indexOf(marker);
    return at < 0 ? text : text.substring(at + marker.length());
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open);
    if (start < 0) {
      return "?";
    }
    start += open.length();
    int end = text.indexOf(close, start);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static int line(Mark mark) {
    return mark == null ? 1 : mark.getLine() + 1;
  }

  Span at(Mark mark) {
    return point(mark == null ? 0 : offsets.toChar(mark.getIndex()));
  }

  private Span eventSpan(Event event) {
    if (event == null) {
      return point(0);
    }
    int start = offsets.toChar(event.getStartMark() == null ? 0 : event.getStartMark().getIndex());
    int end = offsets.toChar(event.getEndMark() == null ? start : event.getEndMark().getIndex());
    return source.span(start, Math.max(start, end));
  }

  /** One char at an offset (none at the end of the text), so renderers can underline it. */
  Span point(int offset) {
    int length = source.text().length();
    int start = Math.max(0, Math.min(offset, length));
    int end =
        start < length && !Character.isLowSurrogate(source.text().charAt(start))
            ? start + 1
            : start;
    if (start < length
        && Character.isHighSurrogate(source.text().charAt(start))
        && start + 2 <= length) {
      end = start + 2;
    }
    return source.span(start, end);
  }
}
