package dev.servplan.compiler.yaml;

import com.fasterxml.jackson.core.JsonToken;
import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Builds the tree from Jackson tokens with an explicit stack instead of recursion, so that on a
 * syntax error or a limit the open maps and lists are closed where they stopped and the language
 * server still gets the partial tree.
 */
final class TreeBuilder {
  /** Stops the token loop; the diagnostic has already been recorded. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  private abstract static class Frame {
    final int start;
    final boolean flow;
    int end;

    Frame(int start, boolean flow) {
      this.start = start;
      this.flow = flow;
      this.end = start;
    }
  }

  private static final class MapFrame extends Frame {
    final List<Entry> entries = new ArrayList<>();

    /** First span of each key; only looked up, never iterated, so a HashMap is fine. */
    final Map<String, Span> keySpans = new HashMap<>();

    String pendingKey;
    Span pendingKeySpan;
    List<String> pendingComments;
    boolean dropPending;

    MapFrame(int start, boolean flow) {
      super(start, flow);
    }
  }

  private static final class ListFrame extends Frame {
    final List<Node> items = new ArrayList<>();

    ListFrame(int start, boolean flow) {
      super(start, flow);
    }
  }

  private final SourceFile source;
  private final CodePointOffsets offsets;
  private final CommentScanner comments;
  private final SyntaxErrors errors;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private Node root;
  private int nodes;

  TreeBuilder(SourceFile source) {
    this.source = source;
    this.offsets = new CodePointOffsets(source.text());
    this.comments = new CommentScanner(source.text());
    this.errors = new SyntaxErrors(source, offsets);
  }

  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The document's top-level node, or null when there was none. */
  Node root() {
    return root;
  }

  /** Reads every token; never throws for any input. */
  void build() {
    EventYamlParser parser = null;
    try {
      parser =
          EventYamlParser.open(source.text(), YamlFrontEnd.MAX_CHARS + 1, YamlFrontEnd.MAX_DEPTH);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        accept(token, parser.event());
      }
    } catch (Abort stop) {
      // already reported
    } catch (Exception | StackOverflowError e) {
      // Any failure of the YAML library becomes a diagnostic: a front end reports, never throws.
      diagnostics.add(errors.translate(e, parser == null ? null : parser.event()));
    } finally {
      closeOpenFrames();
      if (parser != null) {
        try {
          parser.close();
        } catch (Exception ignored) {
          // reading a String cannot fail to close
        }
      }
    }
  }

  private void accept(JsonToken token, Event event) {
    switch (token) {
      case START_OBJECT:
      case START_ARRAY:
        open(token == JsonToken.START_OBJECT, (CollectionStartEvent) event);
        break;
      case END_OBJECT:
      case END_ARRAY:
        close(event);
        break;
      case FIELD_NAME:
        key((ScalarEvent) event);
        break;
      default:
        value(event);
        break;
    }
  }

  private void open(boolean isMap, CollectionStartEvent event) {
    checkNodeEvent(event);
    int start = charStart(event);
    if (stack.size() + 1 > YamlFrontEnd.MAX_DEPTH) {
      report(
          Diagnostic.of(
                  Code.E0004,
                  errors.point(start),
                  "the spec nests deeper than " + YamlFrontEnd.MAX_DEPTH + " levels")
              .withHelp("a spec needs a handful of levels; check for runaway brackets"));
      throw new Abort();
    }
    count();
    boolean flow = event.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
    stack.push(isMap ? new MapFrame(start, flow) : new ListFrame(start, flow));
  }

  private void close(Event event) {
    Frame frame = stack.pop();
    if (frame.flow) {
      frame.end = Math.max(frame.end, charEnd(event));
    }
    attach(finish(frame));
  }

  private void key(ScalarEvent event) {
    checkNodeEvent(event);
    count();
    MapFrame map = (MapFrame) stack.peek();
    Span span = span(event);
    comments.scalar(span.start(), span.end());
    String key = event.getValue();
    map.pendingKey = key;
    map.pendingKeySpan = span;
    map.pendingComments = comments.commentsAbove(span.start());
    map.dropPending = false;
    map.end = Math.max(map.end, span.end());
    if (event.isPlain() && key.equals("<<")) {
      report(
          Diagnostic.of(Code.E0006, span, "merge keys ('<<') are not allowed")
              .withHelp("write the merged keys out in full"));
      map.dropPending = true;
      return;
    }
    Span first = map.keySpans.putIfAbsent(key, span);
    if (first != null) {
      report(
          Diagnostic.of(Code.E0005, span, key)
              .withRelated(new Related(first, "'" + key + "' first defined here"))
              .withHelp("remove one of the two entries; the first one is used"));
      map.dropPending = true;
    }
  }

  private void value(Event event) {
    count();
    if (event instanceof AliasEvent) {
      Span span = span(event);
      report(
          Diagnostic.of(
                  Code.E0006,
                  span,
                  "aliases ('*" + ((AliasEvent) event).getAnchor() + "') are not allowed")
              .withHelp(
                  "servplan does not expand anchors and aliases; write the value out in full"));
      attach(new ScalarNode("", ScalarNode.Style.NULL, span));
      return;
    }
    ScalarEvent scalar = (ScalarEvent) event;
    checkNodeEvent(scalar);
    Span span = span(scalar);
    comments.scalar(span.start(), span.end());
    String text = scalar.getValue();
    ScalarNode.Style style;
    if (!scalar.isPlain()) {
      style = ScalarNode.Style.QUOTED;
    } else if (YamlScalars.isNullWord(text)) {
      style = ScalarNode.Style.NULL;
    } else {
      style = ScalarNode.Style.PLAIN;
    }
    attach(new ScalarNode(text, style, span));
  }

  private void attach(Node node) {
    Frame parent = stack.peek();
    if (parent == null) {
      if (root == null) {
        root = node;
      }
      return;
    }
    parent.end = Math.max(parent.end, node.span().end());
    if (parent instanceof ListFrame) {
      ((ListFrame) parent).items.add(node);
      return;
    }
    MapFrame map = (MapFrame) parent;
    if (map.pendingKey == null) {
      return;
    }
    if (!map.dropPending) {
      map.entries.add(new Entry(map.pendingKey, map.pendingKeySpan, node, map.pendingComments));
    }
    map.pendingKey = null;
    map.pendingKeySpan = null;
    map.pendingComments = null;
  }

  private Node finish(Frame frame) {
    Span span = source.span(frame.start, Math.max(frame.start, frame.end));
    if (frame instanceof MapFrame) {
      return new MapNode(((MapFrame) frame).entries, span);
    }
    return new ListNode(((ListFrame) frame).items, span);
  }

  /** Closes what an error left open; a key without its value keeps a null value at the key. */
  private void closeOpenFrames() {
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top instanceof MapFrame && ((MapFrame) top).pendingKey != null) {
        MapFrame map = (MapFrame) top;
        int at = map.pendingKeySpan.end();
        attach(new ScalarNode("", ScalarNode.Style.NULL, source.span(at, at)));
      }
      attach(finish(stack.pop()));
    }
  }

  private void checkNodeEvent(NodeEvent event) {
    String anchor = event.getAnchor();
    if (anchor != null) {
      int start = charStart(event);
      int at = source.text().indexOf("&" + anchor, start);
      Span span =
          at >= 0 && at < charEnd(event)
              ? source.span(at, at + 1 + anchor.length())
              : errors.point(start);
      report(
          Diagnostic.of(Code.E0006, span, "anchors ('&" + anchor + "') are not allowed")
              .withHelp(
                  "servplan does not expand anchors and aliases; write each value out in full"));
    }
    String tag = tagOf(event);
    if (tag != null) {
      report(
          Diagnostic.of(Code.E0006, span(event), "explicit tags ('" + tag + "') are not allowed")
              .withHelp("remove the tag; quote the value if it must stay text"));
    }
  }

  private static String tagOf(NodeEvent event) {
    String tag = null;
    if (event instanceof ScalarEvent) {
      tag = ((ScalarEvent) event).getTag();
    } else if (event instanceof CollectionStartEvent) {
      tag = ((CollectionStartEvent) event).getTag();
    }
    if (tag == null) {
      return null;
    }
    return tag.startsWith("tag:yaml.org,2002:")
        ? "!!" + tag.substring("tag:yaml.org,2002:".length())
        : tag;
  }

  private void count() {
    if (++nodes > YamlFrontEnd.MAX_NODES) {
      report(
          Diagnostic.of(
                  Code.E0004,
                  errors.point(0),
                  "the spec has more than " + YamlFrontEnd.MAX_NODES + " keys and values")
              .withHelp("a spec needs far fewer; check that this is the right file"));
      throw new Abort();
    }
  }

  private void report(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
    if (diagnostics.size() >= YamlFrontEnd.MAX_DIAGNOSTICS) {
      throw new Abort();
    }
  }

  private Span span(Event event) {
    int start = charStart(event);
    return source.span(start, Math.max(start, charEnd(event)));
  }

  private int charStart(Event event) {
    return event.getStartMark() == null ? 0 : offsets.toChar(event.getStartMark().getIndex());
  }

  private int charEnd(Event event) {
    return event.getEndMark() == null
        ? charStart(event)
        : offsets.toChar(event.getEndMark().getIndex());
  }
}
