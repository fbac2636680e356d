package dev.servplan.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceId;
import dev.servplan.compiler.source.SourceReader;
import dev.servplan.compiler.source.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import net.jqwik.api.constraints.Size;

/** No input makes the YAML front end throw, and generated trees survive print and parse. */
class YamlFrontEndPropertiesTest {
  private static final String SPEC = load();

  private static String load() {
    try {
      return YamlFrontEndTest.resource("chat-fleet.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses through the whole reading path and checks the result is well formed. */
  private static ParsedSpec parseSafely(String text) {
    ParsedSpec spec = new YamlFrontEnd().parse(SourceFile.of("fuzz.yaml", text));
    assertThat(spec).isNotNull();
    assertThat(spec.root()).isNotNull();
    int length = text.length();
    for (Span span : Trees.spans(spec.root())) {
      assertThat(span.end()).isLessThanOrEqualTo(length);
    }
    for (Diagnostic d : spec.diagnostics()) {
      assertThat(d.span().end()).isLessThanOrEqualTo(length);
    }
    return spec;
  }

  private static ParsedSpec parseBytes(byte[] bytes) {
    SourceReader.Result read = SourceReader.decode(new SourceId("fuzz.yaml"), bytes);
    return parseSafely(read.source().text());
  }

  @Property(tries = 300)
  void anyUnicodeTextIsReadWithoutThrowing(@ForAll @Size(max = 300) String text) {
    parseSafely(text);
  }

  @Property(tries = 300)
  void yamlishNoiseIsReadWithoutThrowing(@ForAll("yamlNoise") String text) {
    parseSafely(text);
  }

  @Provide
  Arbitrary<String> yamlNoise() {
    return Arbitraries.of(
            "a",
            "b",
            ":",
            ": ",
            "- ",
            "-",
            "\n",
            "\n  ",
            "  ",
            "\t",
            "[",
            "]",
            "{",
            "}",
            ",",
            "#",
            "&x ",
            "*x",
            "!!str ",
            "? ",
            "|",
            ">",
            "'",
            "\"",
            "\\",
            "---\n",
            "...\n",
            "~",
            "<<: ",
            "%YAML 1.1\n",
            "\u00e9",
            "\uD83D\uDE00",
            "\u0000",
            "\u0085",
            "\uFEFF",
            "\r\n",
            "800ms",
            "1500")
        .list()
        .ofMaxSize(80)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 300)
  void flippedBytesOfARealSpecAreReadWithoutThrowing(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll @Size(min = 8, max = 8) List<@IntRange(min = 0, max = 255) Integer> values) {
    byte[] bytes = SPEC.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < positions.size(); i++) {
      bytes[positions.get(i) % bytes.length] = (byte) (int) values.get(i);
    }
    parseBytes(bytes);
  }

  @Property(tries = 200)
  void truncatedSpecsAreReadWithoutThrowing(@ForAll @IntRange(min = 0, max = 100_000) int cut) {
    byte[] bytes = SPEC.getBytes(StandardCharsets.UTF_8);
    byte[] truncated = java.util.Arrays.copyOf(bytes, cut % (bytes.length + 1));
    parseBytes(truncated);
  }

  @Property(tries = 200)
  void specsWithTextSplicedInAreReadWithoutThrowing(
      @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll("yamlNoise") String insert) {
    int position = at % (SPEC.length() + 1);
    parseSafely(SPEC.substring(0, position) + insert + SPEC.substring(position));
  }

  @Property(tries = 50)
  void deepNestingIsCutOffNotOverflowed(
      @ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll("openers") String opener) {
    ParsedSpec spec = parseSafely("a: " + opener.repeat(depth) + "x\n");
    if (depth >= YamlFrontEnd.MAX_DEPTH) {
      assertThat(spec.ok()).isFalse();
    }
  }

  @Provide
  Arbitrary<String> openers() {
    return Arbitraries.of("[", "{k: ", "[{k: ", "- ");
  }

  @Property(tries = 30)
  void aliasBombsAreRefusedWithoutExpansion(
      @ForAll @IntRange(min = 1, max = 30) int levels,
      @ForAll @IntRange(min = 2, max = 20) int fanOut) {
    StringBuilder bomb = new StringBuilder("l0: &l0 [lol]\n");
    for (int level = 1; level <= levels; level++) {
      bomb.append('l').append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < fanOut; i++) {
        bomb.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      bomb.append("]\n");
    }
    ParsedSpec spec = parseSafely(bomb.toString());
    assertThat(spec.ok()).isFalse();
    // Without expansion the tree is as big as the text, not fanOut^levels.
    assertThat(Trees.spans(spec.root()).size()).isLessThan(bomb.length());
  }

  @Property(tries = 300)
  void generatedTreesSurvivePrintAndParse(@ForAll("trees") MapNode tree) {
    YamlPrinter printer = new YamlPrinter();
    String printed = printer.print(tree);
    ParsedSpec back = parseSafely(printed);
    assertThat(back.diagnostics()).as("reading back:\n%s", printed).isEmpty();
    assertThat(Trees.withoutSpans(back.root()))
        .as("reading back:\n%s", printed)
        .isEqualTo(Trees.withoutSpans(tree));
    assertThat(printer.print(back.root())).isEqualTo(printed);
  }

  @Provide
  Arbitrary<MapNode> trees() {
    return map(4);
  }

  private Arbitrary<MapNode> map(int depth) {
    Arbitrary<Entry> entry =
        Combinators.combine(keys(), node(depth - 1), comments())
            .as((key, value, comments) -> new Entry(key, Trees.NOWHERE, value, comments));
    return entry
        .list()
        .ofMaxSize(5)
        .map(
            entries -> {
              // Keys are unique in a tree the front end produces; keep the first of each.
              Map<String, Entry> unique = new LinkedHashMap<>();
              for (Entry e : entries) {
                unique.putIfAbsent(e.key(), e);
              }
              return new MapNode(new ArrayList<>(unique.values()), Trees.NOWHERE);
            });
  }

  private Arbitrary<Node> node(int depth) {
    if (depth <= 0) {
      return scalars().map(s -> s);
    }
    Arbitrary<Node> list =
        Arbitraries.lazy(() -> node(depth - 1))
            .list()
            .ofMaxSize(4)
            .map(items -> new ListNode(items, Trees.NOWHERE));
    return Arbitraries.frequencyOf(
        weighted(5, scalars().map(s -> s)),
        weighted(2, Arbitraries.lazy(() -> map(depth)).map(m -> m)),
        weighted(2, list));
  }

  private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Node>> weighted(
      int weight, Arbitrary<? extends Node> a) {
    return net.jqwik.api.Tuple.of(weight, a);
  }

  private Arbitrary<ScalarNode> scalars() {
    Arbitrary<ScalarNode> plain =
        Arbitraries.of(
                "800ms",
                "1500",
                "true",
                "2.49/h",
                "40/s",
                "60%",
                "llama-3.1-70b",
                "h100-sxm-80gb",
                "-1",
                "a b",
                "http://x/y",
                "a#b",
                "a:b",
                "über",
                "x\ty",
                "?x",
                ":x",
                "[x]",
                "a, b",
                "#x",
                "",
                "yes",
                "0x1F")
            .map(t -> new ScalarNode(t, ScalarNode.Style.PLAIN, Trees.NOWHERE))
            .filter(
                s -> !YamlScalars.isNullWord(s.text()) && YamlScalars.isSafePlain(s.text(), false));
    Arbitrary<ScalarNode> quoted =
        Arbitraries.strings()
            .ofMaxLength(20)
            .filter(YamlFrontEndPropertiesTest::readableBack)
            .map(t -> new ScalarNode(t, ScalarNode.Style.QUOTED, Trees.NOWHERE));
    Arbitrary<ScalarNode> nulls =
        Arbitraries.of("", "~", "null", "Null", "NULL")
            .map(t -> new ScalarNode(t, ScalarNode.Style.NULL, Trees.NOWHERE));
    return Arbitraries.oneOf(plain, quoted, nulls);
  }

  /** Unpaired surrogates are not text; no YAML file can hold them. */
  private static boolean readableBack(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "name", "model", "pools", "slo", "p99", "rate", "null", "~", "<<", "", "a: b", "- x",
            "#c"),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
        Arbitraries.strings().ofMaxLength(10).filter(YamlFrontEndPropertiesTest::readableBack));
  }

  private Arbitrary<List<String>> comments() {
    Arbitrary<String> comment =
        Arbitraries.oneOf(
            Arbitraries.of("", "note", "  indented", "# hash", "key: value"),
            Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMaxLength(15)
                .map(s -> s.strip())
                .filter(s -> !s.isEmpty()));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.just(List.<String>of())),
        net.jqwik.api.Tuple.of(1, comment.list().ofMaxSize(3)));
  }
}
