package dev.servplan.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlFrontEndTest {
  private final YamlFrontEnd frontEnd = new YamlFrontEnd();

  static String resource(String name) throws IOException {
    try (InputStream in = YamlFrontEndTest.class.getResourceAsStream("/yaml/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ParsedSpec parse(String text) {
    return frontEnd.parse(SourceFile.of("spec.yaml", text));
  }

  private static Node at(MapNode root, String... path) {
    Node node = root;
    for (String step : path) {
      if (node instanceof ListNode) {
        node = ((ListNode) node).items().get(Integer.parseInt(step));
      } else {
        node = ((MapNode) node).get(step).orElseThrow(() -> new AssertionError("no key " + step));
      }
    }
    return node;
  }

  private static String textOf(SourceFile file, Span span) {
    return file.text().substring(span.start(), span.end());
  }

  @Test
  void readsTheExampleSpecWithoutDiagnostics() throws IOException {
    ParsedSpec spec = parse(resource("chat-fleet.yaml"));
    assertThat(spec.diagnostics()).isEmpty();
    MapNode root = spec.root();
    assertThat(root.entries())
        .extracting(Entry::key)
        .containsExactly(
            "apiVersion", "name", "models", "inventory", "deployments", "objective", "options");
    assertThat(at(root, "deployments", "0", "slo", "ttft", "p99"))
        .isEqualTo(
            new ScalarNode(
                "800ms",
                ScalarNode.Style.PLAIN,
                ((ScalarNode) at(root, "deployments", "0", "slo", "ttft", "p99")).span()));
    ListNode weights = (ListNode) at(root, "deployments", "0", "precision", "weights");
    assertThat(weights.items())
        .extracting(n -> ((ScalarNode) n).text())
        .containsExactly("bf16", "fp8");
  }

  @Test
  void scalarStylesAreKeptAsWritten() {
    ParsedSpec spec =
        parse(
            "a: 800ms\nb: 1500\nc: true\nd: \"800ms\"\ne: 'x'\nf: ~\ng: null\nh:\ni: |\n  block\nj: 2.49/h\nk: \"\"\n");
    assertThat(spec.diagnostics()).isEmpty();
    MapNode root = spec.root();
    assertThat(style(root, "a")).isEqualTo(ScalarNode.Style.PLAIN);
    assertThat(style(root, "b")).isEqualTo(ScalarNode.Style.PLAIN);
    assertThat(style(root, "c")).isEqualTo(ScalarNode.Style.PLAIN);
    assertThat(style(root, "d")).isEqualTo(ScalarNode.Style.QUOTED);
    assertThat(style(root, "e")).isEqualTo(ScalarNode.Style.QUOTED);
    assertThat(style(root, "f")).isEqualTo(ScalarNode.Style.NULL);
    assertThat(style(root, "g")).isEqualTo(ScalarNode.Style.NULL);
    assertThat(style(root, "h")).isEqualTo(ScalarNode.Style.NULL);
    assertThat(style(root, "i")).isEqualTo(ScalarNode.Style.QUOTED);
    assertThat(style(root, "k")).isEqualTo(ScalarNode.Style.QUOTED);
    assertThat(((ScalarNode) at(root, "i")).text()).isEqualTo("block\n");
    assertThat(((ScalarNode) at(root, "j")).text()).isEqualTo("2.49/h");
    assertThat(((ScalarNode) at(root, "b")).text()).isEqualTo("1500");
  }

  private static ScalarNode.Style style(MapNode root, String key) {
    return ((ScalarNode) at(root, key)).style();
  }

  @Test
  void spansCoverTheWrittenTextAndGiveLineAndColumn() throws IOException {
    ParsedSpec spec = parse(resource("chat-fleet.yaml"));
    SourceFile file = spec.source();
    LineMap lines = file.lineMap();
    Entry rate =
        ((MapNode) at(spec.root(), "deployments", "0", "workload")).entry("rate").orElseThrow();
    assertThat(textOf(file, rate.keySpan())).isEqualTo("rate");
    assertThat(textOf(file, rate.value().span())).isEqualTo("40/s");
    assertThat(lines.position(rate.keySpan().start())).isEqualTo(new LineMap.Position(23, 7));
    assertThat(lines.position(rate.value().span().start())).isEqualTo(new LineMap.Position(23, 13));

    Node flowMap = at(spec.root(), "deployments", "0", "precision");
    assertThat(textOf(file, flowMap.span()))
        .isEqualTo("{weights: [bf16, fp8], kv_cache: [bf16, fp8]}");
    Node pools = at(spec.root(), "deployments", "0", "pools");
    assertThat(textOf(file, pools.span())).isEqualTo("[h100-east]");
    Node note = at(spec.root(), "options", "note");
    assertThat(textOf(file, note.span())).isEqualTo("\"quoted: text\"");
  }

  @Test
  void blockCollectionSpansEndAtTheirLastValueNotAtTrailingComments() {
    String text = "a:\n  b: 1\n  c: [x]\n\n# trailing\nd: 2\n";
    ParsedSpec spec = parse(text);
    Node a = at(spec.root(), "a");
    assertThat(text.substring(a.span().start(), a.span().end())).isEqualTo("b: 1\n  c: [x]");
    assertThat(spec.root().span()).isEqualTo(spec.source().span(0, text.indexOf("2\n") + 1));
    Node list = parse("l:\n  - x\n  - y\n").root().get("l").orElseThrow();
    assertThat(list.span().start()).isEqualTo(5);
    assertThat(list.span().end()).isEqualTo(14);
  }

  @Test
  void spansAreCharOffsetsAfterMultiByteAndAstralCharacters() {
    // 'é' is two UTF-8 bytes but one char; each emoji is one code point (SnakeYAML's unit) but two
    // chars.
    String text =
        "name: \"caf\u00e9 \uD83D\uDE00\uD83D\uDE00\"\nmodel: llama\nlist: [\uD83D\uDE00, b]\n";
    ParsedSpec spec = parse(text);
    assertThat(spec.diagnostics()).isEmpty();
    SourceFile file = spec.source();
    Entry model = spec.root().entry("model").orElseThrow();
    assertThat(textOf(file, model.keySpan())).isEqualTo("model");
    assertThat(textOf(file, model.value().span())).isEqualTo("llama");
    assertThat(file.lineMap().position(model.value().span().start()))
        .isEqualTo(new LineMap.Position(2, 8));
    ListNode list = (ListNode) at(spec.root(), "list");
    assertThat(textOf(file, list.items().get(0).span())).isEqualTo("\uD83D\uDE00");
    assertThat(textOf(file, list.items().get(1).span())).isEqualTo("b");
    assertThat(((ScalarNode) at(spec.root(), "name")).text())
        .isEqualTo("caf\u00e9 \uD83D\uDE00\uD83D\uDE00");
  }

  @Test
  void spansAreRightWithWindowsLineEndings() {
    String text = "a: 1\r\nb:\r\n  c: x\r\n";
    ParsedSpec spec = parse(text);
    assertThat(spec.diagnostics()).isEmpty();
    Entry c = ((MapNode) at(spec.root(), "b")).entry("c").orElseThrow();
    assertThat(textOf(spec.source(), c.keySpan())).isEqualTo("c");
    assertThat(spec.source().lineMap().position(c.keySpan().start()))
        .isEqualTo(new LineMap.Position(3, 3));
  }

  @Test
  void commentsAboveKeysAreRecorded() throws IOException {
    ParsedSpec spec = parse(resource("chat-fleet.yaml"));
    MapNode root = spec.root();
    assertThat(root.entry("apiVersion").orElseThrow().comments())
        .containsExactly("servplan example: one chat deployment on H100s");
    MapNode pool = (MapNode) at(root, "inventory", "pools", "0");
    assertThat(pool.entry("name").orElseThrow().comments())
        .containsExactly("the east coast reservation");
    assertThat(pool.entry("gpu").orElseThrow().comments()).isEmpty();
    MapNode slo = (MapNode) at(root, "deployments", "0", "slo");
    assertThat(slo.entry("attainment").orElseThrow().comments())
        .containsExactly("  indented note, kept with its spaces");
    // End-of-line comments are not comments above a key.
    assertThat(pool.entry("network").orElseThrow().comments()).isEmpty();
    assertThat(root.entry("inventory").orElseThrow().comments()).isEmpty();
  }

  @Test
  void hashLinesInsideBlockTextAreNotComments() {
    ParsedSpec spec = parse("a: |\n  text\n  # not a comment\nb: 1\n# yes\nc: 2\n");
    assertThat(spec.root().entry("b").orElseThrow().comments()).isEmpty();
    assertThat(spec.root().entry("c").orElseThrow().comments()).containsExactly("yes");
    assertThat(((ScalarNode) at(spec.root(), "a")).text()).isEqualTo("text\n# not a comment\n");
  }

  @Test
  void keysInsideAFlowMapDoNotClaimTheCommentAboveTheLine() {
    ParsedSpec spec = parse("models:\n  # mine\n  my: {base: x, other: y}\n");
    MapNode models = (MapNode) at(spec.root(), "models");
    assertThat(models.entry("my").orElseThrow().comments()).containsExactly("mine");
    MapNode my = (MapNode) at(models, "my");
    assertThat(my.entries()).allSatisfy(e -> assertThat(e.comments()).isEmpty());
  }

  @Test
  void emptyMapsAndListsAndNestedLists() {
    ParsedSpec spec = parse("a: {}\nb: []\nc:\n  - - x\n    - y\n  - []\n");
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(((MapNode) at(spec.root(), "a")).entries()).isEmpty();
    assertThat(((ListNode) at(spec.root(), "b")).items()).isEmpty();
    assertThat(((ListNode) at(spec.root(), "c", "0")).items()).hasSize(2);
  }

  @Test
  void aByteOrderMarkInTheTextIsSkipped() {
    ParsedSpec spec = parse("\uFEFFa: 1\n");
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(spec.root().entry("a").orElseThrow().keySpan().start()).isEqualTo(1);
  }

  @Test
  void anExplicitFirstDocumentMarkerIsFine() {
    ParsedSpec spec = parse("---\na: 1\n...\n");
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(spec.root().entries()).hasSize(1);
  }

  @Test
  void duplicateKeysKeepTheFirstValue() {
    MapNode root = parse("a: 1\na: 2\n").root();
    assertThat(root.entries()).hasSize(1);
    assertThat(((ScalarNode) root.get("a").orElseThrow()).text()).isEqualTo("1");
  }

  @Test
  void everySpanLiesInsideTheText() throws IOException {
    ParsedSpec spec = parse(resource("chat-fleet.yaml"));
    int length = spec.source().text().length();
    List<Span> spans = Trees.spans(spec.root());
    assertThat(spans).allSatisfy(s -> assertThat(s.end()).isLessThanOrEqualTo(length));
  }
}
