package dev.servplan.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** No input makes the front end throw; any tree survives print then parse. */
class DslPropertiesTest {
  private static final String EXAMPLE = read("src/test/resources/dsl/chat-fleet.splan");
  private static final String ODD = read("src/test/resources/dsl/odd-shapes.splan");
  private static final Span NOWHERE = SourceFile.of("gen", "").span(0, 0);

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertWellFormed(String text) {
    ParsedSpec spec = Trees.parse(text);
    assertThat(spec.root()).isNotNull();
    for (Diagnostic diagnostic : spec.diagnostics()) {
      assertThat(diagnostic.message()).doesNotContain("internal error");
      assertThat(diagnostic.span().end()).isLessThanOrEqualTo(text.length());
    }
    checkSpans(spec.root(), text.length());
  }

  private static void checkSpans(Node node, int length) {
    assertThat(node.span().end()).isLessThanOrEqualTo(length);
    if (node instanceof MapNode) {
      for (Entry entry : ((MapNode) node).entries()) {
        assertThat(entry.keySpan().end()).isLessThanOrEqualTo(length);
        checkSpans(entry.value(), length);
      }
    } else if (node instanceof ListNode) {
      ((ListNode) node).items().forEach(item -> checkSpans(item, length));
    }
  }

  @Property(tries = 300)
  void randomTextNeverThrows(@ForAll @StringLength(max = 300) String text) {
    assertWellFormed(text);
  }

  @Property(tries = 300)
  void randomDslLikeTextNeverThrows(@ForAll("dslSoup") String text) {
    assertWellFormed(text);
  }

  @Property(tries = 300)
  void mutatedExamplesNeverThrow(
      @ForAll boolean odd,
      @ForAll @IntRange(min = 0, max = 5000) int position,
      @ForAll @IntRange(min = 0, max = 20) int deleted,
      @ForAll("dslSoup") String inserted) {
    String base = odd ? ODD : EXAMPLE;
    int at = position % (base.length() + 1);
    String mutated =
        base.substring(0, at) + inserted + base.substring(Math.min(base.length(), at + deleted));
    assertWellFormed(mutated);
  }

  @Property(tries = 200)
  void truncatedExamplesNeverThrow(@ForAll @IntRange(min = 0, max = 5000) int length) {
    assertWellFormed(EXAMPLE.substring(0, Math.min(EXAMPLE.length(), length)));
  }

  @Provide
  Arbitrary<String> dslSoup() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            "(",
            ")",
            ",",
            ";",
            "|",
            "<=",
            ">=",
            "\n",
            " ",
            "#c\n",
            "//c",
            "\"s\"",
            "\"",
            "spec",
            "model",
            "pool",
            "deployment",
            "objective",
            "gpu",
            "x",
            "pools",
            "workload",
            "slo",
            "rate",
            "input",
            "output",
            "a",
            "b-1.2",
            "40/s",
            "800ms",
            "99%",
            "1.5GiB",
            "$2/h",
            "7",
            "null",
            "\u0000",
            "\uD83D",
            "\u00e9");
    return pieces.list().ofMaxSize(60).map(list -> String.join(" ", list));
  }

  // ---------------------------------------------------------------- print/parse round trip

  @Property(tries = 300)
  void anyTreeUnderOptionsRoundTrips(@ForAll("maps") MapNode options) {
    MapNode tree = new MapNode(List.of(new Entry("options", NOWHERE, options)), NOWHERE);
    String printed = new DslPrinter().print(tree);
    ParsedSpec reparsed = Trees.parse(printed);
    assertThat(reparsed.diagnostics()).isEmpty();
    MapNode back = (MapNode) reparsed.root().get("options").orElseThrow();
    assertThat(Trees.dump(back)).isEqualTo(Trees.dump(normalize(options)));
  }

  @Property(tries = 300)
  void printingIsIdempotentForAnyTopLevelTree(@ForAll("topTrees") MapNode tree) {
    DslPrinter printer = new DslPrinter();
    String once = printer.print(tree);
    ParsedSpec reparsed = Trees.parse(once);
    // A tree holding only the implicit apiVersion prints as nothing, which reads back as empty.
    assertThat(reparsed.diagnostics())
        .filteredOn(d -> d.code() != dev.servplan.compiler.diag.Code.E0007 || !once.isEmpty())
        .extracting(Diagnostic::message)
        .isEmpty();
    assertThat(printer.print(reparsed.root())).isEqualTo(once);
  }

  /** What a tree reads back as: plain "null" is the null scalar, as in YAML. */
  private static Node normalize(Node node) {
    if (node instanceof MapNode) {
      List<Entry> entries = new ArrayList<>();
      for (Entry entry : ((MapNode) node).entries()) {
        entries.add(new Entry(entry.key(), entry.keySpan(), normalize(entry.value())));
      }
      return new MapNode(entries, node.span());
    }
    if (node instanceof ListNode) {
      List<Node> items = new ArrayList<>();
      ((ListNode) node).items().forEach(item -> items.add(normalize(item)));
      return new ListNode(items, node.span());
    }
    return node;
  }

  private static final List<String> KEYS =
      List.of(
          "a",
          "b-1",
          "spec",
          "model",
          "pool",
          "deployment",
          "objective",
          "gpu",
          "count",
          "x",
          "pools",
          "workload",
          "slo",
          "rate",
          "arrival",
          "input",
          "output",
          "input_tokens",
          "dist",
          "name",
          "p99",
          "attainment",
          "precision",
          "two words",
          "",
          "\"q\"",
          "null",
          "7");
  private static final List<String> TEXTS =
      List.of(
          "a",
          "llama-3.1-70b",
          "40/s",
          "800ms",
          "99%",
          "2.49/h",
          "1500",
          "-3",
          "two words",
          "",
          "null",
          "x",
          "pool",
          "minimize-cost",
          "a/b",
          "#not a comment",
          "line\nbreak",
          "tab\t",
          "\u00e9",
          "{",
          "8x7b");

  @Provide
  Arbitrary<MapNode> maps() {
    return map(3);
  }

  @Provide
  Arbitrary<MapNode> topTrees() {
    return map(4);
  }

  private Arbitrary<Node> value(int depth) {
    Arbitrary<Node> scalar =
        Combinators.combine(Arbitraries.of(TEXTS), Arbitraries.of(ScalarNode.Style.class))
            .as(
                (text, style) ->
                    new ScalarNode(style == ScalarNode.Style.NULL ? "" : text, style, NOWHERE));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Node> list =
        Arbitraries.lazy(() -> value(depth - 1))
            .list()
            .ofMaxSize(3)
            .map(items -> new ListNode(items, NOWHERE));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalar),
        net.jqwik.api.Tuple.of(1, list),
        net.jqwik.api.Tuple.of(2, map(depth - 1).map(m -> (Node) m)));
  }

  private Arbitrary<MapNode> map(int depth) {
    Arbitrary<Entry> entry =
        Combinators.combine(
                Arbitraries.of(KEYS),
                Arbitraries.lazy(() -> value(depth)),
                Arbitraries.of(List.<String>of(), List.of("note"), List.of("", "  two", "x  ")))
            .as((key, value, comments) -> new Entry(key, NOWHERE, value, comments));
    return entry
        .list()
        .ofMaxSize(4)
        .map(
            entries -> {
              Map<String, Entry> unique = new LinkedHashMap<>();
              entries.forEach(e -> unique.putIfAbsent(e.key(), e));
              return new MapNode(new ArrayList<>(unique.values()), NOWHERE);
            });
  }
}
