package dev.servplan.compiler.yaml;

import dev.servplan.compiler.ast.FrontEnd;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML front end: Jackson's streaming YAML parser (SnakeYAML underneath) turned into the shared
 * spec tree, with char-offset spans, comments above keys, and every problem reported, never thrown.
 *
 * <p>Only the safe subset of YAML is accepted: anchors, aliases, merge keys and explicit tags are
 * refused ({@code E0006}), which also rules out alias bombs; one document per file; at most {@link
 * #MAX_DEPTH} levels, {@link #MAX_NODES} keys and values and {@link #MAX_CHARS} chars ({@code
 * E0004}). Scalars are kept as written: plain ones PLAIN, quoted and block ones QUOTED, {@code ~},
 * {@code null} and empty values NULL. Comments are attached to the key right below them ({@link
 * dev.servplan.compiler.ast.Entry#comments()}: the text after {@code #} and one space); comments at
 * the end of a line, above list items that are not maps, and at the end of the file are dropped.
 */
public final class YamlFrontEnd implements FrontEnd {
  /** Deepest nesting of maps and lists; a real spec uses about five. */
  public static final int MAX_DEPTH = 64;

  /** Most keys, values and collections in one spec; a large real spec has a few hundred. */
  public static final int MAX_NODES = 100_000;

  /** Longest text accepted, the same cap as {@link SourceReader#MAX_BYTES}, in chars. */
  public static final int MAX_CHARS = SourceReader.MAX_BYTES;

  /** Parsing stops after this many diagnostics; the rest would only repeat them. */
  static final int MAX_DIAGNOSTICS = 100;

  @Override
  public ParsedSpec parse(SourceFile source) {
    String text = source.text();
    MapNode empty = new MapNode(List.of(), source.span(0, 0));
    if (text.length() > MAX_CHARS) {
      return new ParsedSpec(
          source,
          empty,
          List.of(
              Diagnostic.of(
                      Code.E0004,
                      source.span(0, 0),
                      "the spec is longer than " + MAX_CHARS + " characters")
                  .withHelp("a spec is a few KB of text; check that this is the right file")));
    }
    TreeBuilder builder = new TreeBuilder(source);
    builder.build();
    List<Diagnostic> diagnostics = new ArrayList<>(builder.diagnostics());
    Node root = builder.root();
    MapNode tree = empty;
    if (root instanceof MapNode) {
      tree = (MapNode) root;
    } else if (root == null
        || (root instanceof ScalarNode && ((ScalarNode) root).style() == ScalarNode.Style.NULL)) {
      if (diagnostics.isEmpty()) {
        diagnostics.add(
            Diagnostic.of(Code.E0007, source.span(0, 0))
                .withHelp("start with 'apiVersion: servplan/v1' and a 'name:'"));
      }
    } else {
      diagnostics.add(
          Diagnostic.of(Code.E0103, root.span(), "a map of keys", "the top level", root.describe())
              .withHelp("a spec is a map: start with 'apiVersion: servplan/v1' and a 'name:'"));
    }
    diagnostics.sort(Diagnostic.ORDER);
    return new ParsedSpec(source, tree, diagnostics);
  }
}
