package dev.servplan.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlPrinterTest {
  private final YamlFrontEnd frontEnd = new YamlFrontEnd();
  private final YamlPrinter printer = new YamlPrinter();

  private ParsedSpec parse(String text) {
    return frontEnd.parse(SourceFile.of("spec.yaml", text));
  }

  /** Prints, parses the output, and checks the tree survives and printing again changes nothing. */
  private String roundTrip(MapNode tree) {
    String printed = printer.print(tree);
    ParsedSpec again = parse(printed);
    assertThat(again.diagnostics()).as("diagnostics reading back:\n%s", printed).isEmpty();
    assertThat(Trees.withoutSpans(again.root()))
        .as("tree read back from:\n%s", printed)
        .isEqualTo(Trees.withoutSpans(tree));
    assertThat(printer.print(again.root())).isEqualTo(printed);
    return printed;
  }

  @Test
  void theExampleSpecPrintsToItsGoldenFile() throws IOException {
    ParsedSpec spec = parse(YamlFrontEndTest.resource("chat-fleet.yaml"));
    String printed = roundTrip(spec.root());
    String expected = YamlFrontEndTest.resource("chat-fleet.printed.yaml");
    if (!printed.equals(expected)) {
      Path actual = Paths.get("target", "golden-actual", "chat-fleet.printed.yaml");
      Files.createDirectories(actual.getParent());
      Files.write(actual, printed.getBytes(StandardCharsets.UTF_8));
      if (Boolean.getBoolean("golden.update")) {
        Files.write(
            Paths.get("src/test/resources/yaml/chat-fleet.printed.yaml"),
            printed.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(printed)
        .as(
            "printed form differs; actual written to target/golden-actual/, accept with -Dgolden.update=true")
        .isEqualTo(expected);
  }

  @Test
  void canonicalLayout() {
    String printed =
        printer.print(
            parse("b: {x: 1}\na:   [ 1,   2 ]\nl:\n- {k: v, j: w}\n- - p\n  - q\n- []\n-\nm: {}\n")
                .root());
    assertThat(printed)
        .isEqualTo(
            "b:\n  x: 1\na: [1, 2]\nl:\n  - k: v\n    j: w\n  - [p, q]\n  - []\n  -\nm: {}\n");
  }

  @Test
  void quotesOnlyWhatNeedsQuotes() {
    String printed =
        roundTrip(
            parse(
                    "a: \"needs: quotes\"\nb: plain text\nc: 'quoted'\nd: \"line\\nbreak\"\ne: \"tab\\there\"\nf: ~\ng:\n"
                        + "h: null\n\"key: odd\": 1\n\"\": empty key\n\"<<\": not merge\nurl: http://x.y/z\ni: \"\\x07bell\"\n")
                .root());
    assertThat(printed)
        .contains("a: \"needs: quotes\"\n")
        .contains("b: plain text\n")
        .contains("c: \"quoted\"\n")
        .contains("d: \"line\\nbreak\"\n")
        .contains("f: ~\n")
        .contains("g:\n")
        .contains("h: null\n")
        .contains("\"key: odd\": 1\n")
        .contains("\"\": empty key\n")
        .contains("\"<<\": not merge\n")
        .contains("url: http://x.y/z\n")
        .contains("i: \"\\x07bell\"\n");
  }

  @Test
  void plainTextThatWouldReadDifferentlyIsQuoted() {
    // Built by hand, as the DSL front end might: these plain texts are not safe unquoted.
    for (String text :
        List.of(
            "- x", "a: b", "#x", "x #y", "[a]", "{a}", "*x", "&x", "!x", "|", ">", "%x", "@x", " x",
            "x ", "---", "a\nb")) {
      MapNode tree =
          map(
              new Entry(
                  "k", Trees.NOWHERE, new ScalarNode(text, ScalarNode.Style.PLAIN, Trees.NOWHERE)));
      String printed = printer.print(tree);
      ParsedSpec back = parse(printed);
      assertThat(back.diagnostics()).as(printed).isEmpty();
      assertThat(((ScalarNode) back.root().get("k").orElseThrow()).text())
          .as(printed)
          .isEqualTo(text);
    }
  }

  @Test
  void longScalarListsAreWrittenOnePerLine() {
    StringBuilder yaml = new StringBuilder("list: [");
    for (int i = 0; i < 30; i++) {
      yaml.append(i == 0 ? "" : ", ").append("item-").append(i);
    }
    String printed = roundTrip(parse(yaml.append("]\n").toString()).root());
    assertThat(printed).startsWith("list:\n  - item-0\n  - item-1\n");
    assertThat(printed.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(YamlPrinter.FLOW_WIDTH));
  }

  @Test
  void listsHoldingNullsOrUnsafeItemsAreNotFlow() {
    String printed =
        roundTrip(parse("a: [x, ~]\nb: [\"c, d\", e]\nc: [\"q\"]\nd: ['a:b']\n").root());
    assertThat(printed)
        .contains("a:\n  - x\n  - ~\n")
        .contains("b: [\"c, d\", e]\n")
        .contains("c: [\"q\"]\n");
  }

  @Test
  void commentsAreWrittenAboveTheirKeysAndReadBack() {
    String printed =
        roundTrip(
            parse(
                    "# top\na: 1\nl:\n# first of item\n  - name: x\n    # second\n    gpu: y\n  # deep\n  - - k: v\n")
                .root());
    assertThat(printed)
        .isEqualTo(
            "# top\na: 1\nl:\n  # first of item\n  - name: x\n    # second\n    gpu: y\n  # deep\n  - - k: v\n");
  }

  @Test
  void emptyRootPrintsAsAnEmptyMap() {
    assertThat(printer.print(new MapNode(List.of(), Trees.NOWHERE))).isEqualTo("{}\n");
    assertThat(parse("{}\n").diagnostics()).isEmpty();
  }

  @Test
  void unicodeTextIsKeptLiterally() {
    String printed =
        roundTrip(
            parse("name: \"caf\u00e9 \uD83D\uDE00\"\nplain: \u00fcber\nnel: \"a\\Nb\"\n").root());
    assertThat(printed)
        .contains("name: \"caf\u00e9 \uD83D\uDE00\"\n")
        .contains("plain: \u00fcber\n")
        .contains("nel: \"a\\Nb\"\n");
  }

  @Test
  void nestedListsOfMapsAndDeepStructures() {
    roundTrip(
        parse(
                "a:\n  - - - x: 1\n        y: [1, 2]\n      - {}\n    - []\n  - z\nb: {c: {d: {e: [f]}}}\n")
            .root());
  }

  private static MapNode map(Entry... entries) {
    return new MapNode(List.of(entries), Trees.NOWHERE);
  }

  static Node list(Node... items) {
    return new ListNode(List.of(items), Trees.NOWHERE);
  }
}
