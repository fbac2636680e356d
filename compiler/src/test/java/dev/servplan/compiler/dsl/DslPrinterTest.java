package dev.servplan.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical layout, comments kept, round trips and idempotence, and trees from YAML. */
class DslPrinterTest {
  private final DslPrinter printer = new DslPrinter();

  private String format(String dsl) {
    ParsedSpec spec = Trees.parse(dsl);
    assertThat(spec.diagnostics()).isEmpty();
    return printer.print(spec.root());
  }

  @Test
  void exampleFormatsToTheCanonicalLayout() throws Exception {
    String printed = format(Files.readString(Path.of("src/test/resources/dsl/chat-fleet.splan")));
    Path expected = Path.of("src/test/resources/dsl/chat-fleet.canonical.splan");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(expected, printed);
    }
    assertThat(printed).isEqualTo(Files.readString(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/test/resources/dsl/chat-fleet.splan",
        "src/test/resources/dsl/chat-fleet.canonical.splan",
        "src/test/resources/dsl/odd-shapes.splan"
      })
  void printParsePrintIsIdempotentAndKeepsTheTree(String file) throws Exception {
    ParsedSpec original = Trees.parse(Files.readString(Path.of(file)));
    assertThat(original.diagnostics()).isEmpty();
    String once = printer.print(original.root());
    ParsedSpec reparsed = Trees.parse(once);
    assertThat(reparsed.diagnostics()).isEmpty();
    assertThat(Trees.dump(reparsed.root())).isEqualTo(Trees.dump(original.root()));
    assertThat(printer.print(reparsed.root())).isEqualTo(once);
  }

  @Test
  void commentsAreKeptAboveTheirStatements() {
    String printed =
        format(
            "spec a # why a\n// the pool\npool p { gpu h x 8 # eight\n}\noptions {\n  b 1\n  # last\n}\n");
    assertThat(printed)
        .isEqualTo(
            "# why a\nspec a\n\n# the pool\npool p {\n  # eight\n  gpu h x 8\n}\n\noptions {\n  # last\n  b 1\n}\n");
  }

  @Test
  void treesFromYamlPrintAndReadBack() throws Exception {
    MapNode fromYaml =
        Trees.fromYaml(Files.readString(Path.of("src/test/resources/dsl/full-spec.yaml")));
    String printed = printer.print(fromYaml);
    ParsedSpec reparsed = Trees.parse(printed);
    assertThat(reparsed.diagnostics()).isEmpty();
    assertThat(Trees.dump(reparsed.root())).isEqualTo(Trees.dump(fromYaml));
    assertThat(printed)
        .contains(
            "spec chat-fleet",
            "pool h100-east {",
            "gpu h100-sxm-80gb x 64",
            "rate 40/s poisson",
            "input lognormal(mean 1500, p99 8000)",
            "ttft p99 <= 800ms",
            "attainment >= 99%",
            "objective minimize cost",
            "weights bf16 | fp8",
            "pools h100-east");
    assertThat(printer.print(reparsed.root())).isEqualTo(printed);
  }

  @Test
  void shapesWithoutSugarFallBackToGenericForms() {
    String yaml =
        "{apiVersion: servplan/v1, inventory: {pools: [{gpu: x}], extra: 1}, deployments: [{name: d,"
            + " pools: single, workload: {input: 5, output_tokens: [1, 2], rate: {a: 1}, arrival: poisson},"
            + " slo: {ttft: {p99: [1]}}}], objective: 5, spec: x, model: m}";
    MapNode tree = Trees.fromYaml(yaml);
    String printed = printer.print(tree);
    assertThat(printed)
        .contains(
            "inventory {",
            "\"pools\" single",
            "\"input\" 5",
            "output_tokens [1, 2]",
            "arrival poisson",
            "ttft {",
            "objective 5",
            "\"spec\" x",
            "\"model\" m");
    ParsedSpec reparsed = Trees.parse(printed);
    assertThat(reparsed.diagnostics()).isEmpty();
    assertThat(Trees.dump(reparsed.root())).isEqualTo(Trees.dump(tree));
  }

  @Test
  void scalarsAreQuotedOnlyWhenTheyMustBe() {
    Span span = SourceFile.of("t", "").span(0, 0);
    MapNode tree =
        new MapNode(
            List.of(
                new Entry(
                    "options",
                    span,
                    new MapNode(
                        List.of(
                            new Entry(
                                "plain",
                                span,
                                new ScalarNode("llama-3.1-70b", ScalarNode.Style.PLAIN, span)),
                            new Entry(
                                "spaced",
                                span,
                                new ScalarNode("two words", ScalarNode.Style.PLAIN, span)),
                            new Entry(
                                "quoted",
                                span,
                                new ScalarNode("a\"b\\c\nd", ScalarNode.Style.QUOTED, span)),
                            new Entry(
                                "text null",
                                span,
                                new ScalarNode("null", ScalarNode.Style.PLAIN, span)),
                            new Entry(
                                "nothing", span, new ScalarNode("", ScalarNode.Style.NULL, span)),
                            new Entry(
                                "list",
                                span,
                                new ListNode(
                                    List.of(new ScalarNode("", ScalarNode.Style.NULL, span)),
                                    span))),
                        span))),
            span);
    assertThat(printer.print(tree))
        .isEqualTo(
            "options {\n  plain llama-3.1-70b\n  spaced \"two words\"\n  quoted \"a\\\"b\\\\c\\nd\"\n"
                + "  \"text null\" \"null\"\n  nothing\n  list [null]\n}\n");
    ScalarNode quoted =
        (ScalarNode)
            Trees.parse(printer.print(tree))
                .root()
                .get("options")
                .map(o -> ((MapNode) o).get("quoted").get())
                .get();
    assertThat(quoted.text()).isEqualTo("a\"b\\c\nd");
  }

  @Test
  void emptyTreePrintsNothing() {
    assertThat(printer.print(new MapNode(List.of(), SourceFile.of("t", "").span(0, 0)))).isEmpty();
  }
}
