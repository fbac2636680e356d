package dev.servplan.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Spans point at the DSL text that caused each node; broken input gives readable errors and a
 * partial tree.
 */
class DslSpansAndErrorsTest {

  private static Node at(Node node, Object... path) {
    Node current = node;
    for (Object step : path) {
      current =
          step instanceof Integer
              ? ((ListNode) current).items().get((Integer) step)
              : ((MapNode) current)
                  .get((String) step)
                  .orElseThrow(() -> new AssertionError("no " + step));
    }
    return current;
  }

  private static Entry entry(Node map, String key) {
    return ((MapNode) map).entry(key).orElseThrow();
  }

  @Test
  void spansPointAtTheTokensThatCausedEachNode() throws Exception {
    ParsedSpec spec =
        Trees.parse(Files.readString(Path.of("src/test/resources/dsl/chat-fleet.splan")));
    Node root = spec.root();
    assertThat(Trees.text(spec, entry(root, "name").keySpan())).isEqualTo("spec");
    assertThat(Trees.text(spec, at(root, "name").span())).isEqualTo("chat-fleet");
    assertThat(Trees.text(spec, entry(root, "apiVersion").keySpan())).isEqualTo("spec");
    assertThat(Trees.text(spec, entry(root, "models").keySpan())).isEqualTo("model");
    assertThat(Trees.text(spec, entry(at(root, "models"), "my-llama").keySpan()))
        .isEqualTo("my-llama");
    assertThat(Trees.text(spec, at(root, "models", "my-llama").span()))
        .isEqualTo("{ base llama-3.1-70b }");

    Node pool = at(root, "inventory", "pools", 0);
    assertThat(Trees.text(spec, pool.span()))
        .startsWith("pool h100-east {")
        .endsWith("price 2.49/h }");
    assertThat(Trees.text(spec, entry(pool, "count").keySpan())).isEqualTo("x");
    assertThat(Trees.text(spec, at(pool, "count").span())).isEqualTo("64");
    assertThat(Trees.text(spec, entry(pool, "name").keySpan())).isEqualTo("h100-east");
    assertThat(Trees.text(spec, at(root, "inventory", "pools").span()))
        .startsWith("pool h100-east")
        .endsWith("gpus_per_node 8 }");

    Node deployment = at(root, "deployments", 0);
    assertThat(Trees.text(spec, deployment.span())).startsWith("deployment chat {").endsWith("}");
    assertThat(Trees.text(spec, at(deployment, "pools").span())).isEqualTo("h100-east, a100-west");
    Node workload = at(deployment, "workload");
    assertThat(Trees.text(spec, entry(workload, "arrival").keySpan())).isEqualTo("gamma");
    assertThat(Trees.text(spec, at(workload, "arrival").span())).isEqualTo("gamma(cv 2.0)");
    assertThat(Trees.text(spec, at(workload, "arrival", "gamma", "cv").span())).isEqualTo("2.0");
    assertThat(Trees.text(spec, entry(workload, "input_tokens").keySpan())).isEqualTo("input");
    assertThat(Trees.text(spec, at(workload, "input_tokens", "dist").span()))
        .isEqualTo("lognormal");
    assertThat(Trees.text(spec, at(workload, "input_tokens", "p99").span())).isEqualTo("8000");
    assertThat(Trees.text(spec, at(deployment, "slo", "ttft", "p99").span())).isEqualTo("800ms");
    assertThat(Trees.text(spec, entry(at(deployment, "slo", "ttft"), "p99").keySpan()))
        .isEqualTo("p99");
    assertThat(Trees.text(spec, at(deployment, "precision", "weights").span()))
        .isEqualTo("bf16 | fp8");
    assertThat(Trees.text(spec, at(root, "objective").span())).isEqualTo("minimize cost");
    assertThat(Trees.text(spec, at(root, "options", "budget").span())).isEqualTo("500/h");
  }

  @Test
  void spansAreCharOffsetsEvenAfterCharactersOutsideTheBasicPlane() {
    ParsedSpec spec = Trees.parse("options { note \"\uD83D\uDE80 fast\"; after 5 }");
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(Trees.text(spec, at(spec.root(), "options", "after").span())).isEqualTo("5");
    assertThat(Trees.text(spec, at(spec.root(), "options", "note").span()))
        .isEqualTo("\"\uD83D\uDE80 fast\"");
  }

  private static Diagnostic only(ParsedSpec spec) {
    assertThat(spec.diagnostics()).hasSize(1);
    return spec.diagnostics().get(0);
  }

  @Test
  void missingDurationNamesWhatWasExpectedAndKeepsTheRest() {
    ParsedSpec spec =
        Trees.parse(
            "deployment d {\n  slo { ttft p99 <= ; tpot p99 <= 50ms }\n}\nobjective minimize cost\n");
    Diagnostic error = only(spec);
    assertThat(error.code()).isEqualTo(Code.E0003);
    assertThat(error.message()).isEqualTo("expected a duration like 800ms, found ';'");
    assertThat(error.help()).contains("ttft p99 <= 800ms");
    assertThat(Trees.text(spec, error.span())).isEqualTo(";");
    assertThat(Trees.dump(spec.root()))
        .isEqualTo(
            Trees.yaml(
                "{apiVersion: servplan/v1, deployments: [{name: d, slo: {tpot: {p99: 50ms}}}], objective: minimize-cost}"));
  }

  @Test
  void otherTypedPositions() {
    assertThat(only(Trees.parse("pool p { gpu h100 x }")).message())
        .isEqualTo("expected a GPU count like 64 after 'x'");
    assertThat(only(Trees.parse("deployment d { slo { attainment >= } }")).message())
        .isEqualTo("expected a percentage like 99%, found '}'");
    Diagnostic argument = only(Trees.parse("deployment d { workload { rate 40/s gamma(cv) } }"));
    assertThat(argument.message()).isEqualTo("expected a value, found ')'");
    assertThat(argument.help()).contains("(mean 1500, p99 8000)");
  }

  @Test
  void missingSeparatorIsReportedAndBothStatementsKept() {
    ParsedSpec spec = Trees.parse("a 1 b 2\nc 3");
    Diagnostic error = only(spec);
    assertThat(error.message()).isEqualTo("expected a new line or ';' before 'b'");
    assertThat(Trees.text(spec, error.span())).isEqualTo("b");
    assertThat(Trees.dump(spec.root()))
        .isEqualTo(Trees.yaml("{apiVersion: servplan/v1, a: 1, b: 2, c: 3}"));
  }

  @Test
  void unclosedBlockAndListAreReportedAndRecovered() {
    ParsedSpec list = Trees.parse("options { a [1, 2 }\nb 3");
    // The bracket check names the opener left open, not the parser's follow-on error at '}'.
    assertThat(only(list).message()).isEqualTo("this '[' is never closed");
    assertThat(only(list).span().start()).isEqualTo(12);
    assertThat(Trees.dump(list.root()))
        .isEqualTo(Trees.yaml("{apiVersion: servplan/v1, options: {a: [1, 2]}, b: 3}"));

    ParsedSpec block = Trees.parse("a {\n b 1\n");
    Diagnostic error = only(block);
    assertThat(error.message()).isEqualTo("this '{' is never closed");
    assertThat(error.span().start()).isEqualTo(2);
    assertThat(Trees.dump(block.root()))
        .isEqualTo(Trees.yaml("{apiVersion: servplan/v1, a: {b: 1}}"));
  }

  @Test
  void badCharactersAndStrings() {
    ParsedSpec control = Trees.parse("a \u0001 b");
    assertThat(control.diagnostics())
        .first()
        .extracting(Diagnostic::message)
        .asString()
        .startsWith("unexpected character '\\u0001'");
    ParsedSpec string = Trees.parse("x \"abc\ny 1");
    assertThat(only(string).message())
        .isEqualTo("unterminated string: it needs a closing '\"' on the same line");
    assertThat(Trees.text(string, only(string).span())).isEqualTo("\"abc");
    assertThat(Trees.dump(string.root())).contains("y: '1'");
  }

  @Test
  void sugarKeywordWithoutItsNameIsAnError() {
    Diagnostic error = only(Trees.parse("spec"));
    assertThat(error.message()).isEqualTo("expected a name after 'spec'");
    assertThat(error.help()).contains("spec chat-fleet");
    assertThat(only(Trees.parse("pool { gpu x }")).code()).isEqualTo(Code.E0003);
    assertThat(Trees.parse("\"spec\" 5").diagnostics()).isEmpty();
  }

  @Test
  void duplicateKeysKeepTheFirst() {
    ParsedSpec spec =
        Trees.parse(
            "options {\n  a 1\n  a 2\n}\ndeployment d { slo { ttft p99 <= 1s; ttft p99 <= 2s } }");
    assertThat(spec.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly(Code.E0005, Code.E0005);
    Diagnostic first = spec.diagnostics().get(0);
    assertThat(first.message()).isEqualTo("duplicate key 'a'");
    assertThat(spec.source().lineMap().position(first.span().start()).line()).isEqualTo(3);
    assertThat(first.related()).hasSize(1);
    assertThat(spec.source().lineMap().position(first.related().get(0).span().start()).line())
        .isEqualTo(2);
    assertThat(Trees.dump(spec.root()))
        .isEqualTo(
            Trees.yaml(
                "{apiVersion: servplan/v1, options: {a: 1}, deployments: [{name: d, slo: {ttft: {p99: 1s}}}]}"));
    assertThat(only(Trees.parse("pool p { name q }")).code()).isEqualTo(Code.E0005);
    assertThat(only(Trees.parse("options {}\noptions {}")).code()).isEqualTo(Code.E0005);
  }

  @Test
  void deepNestingIsCappedAndTheRestParses() {
    String deep = "a " + "{ b ".repeat(500) + "}".repeat(500) + "\nc 3";
    ParsedSpec spec = Trees.parse(deep);
    assertThat(spec.diagnostics()).extracting(Diagnostic::code).containsExactly(Code.E0004);
    assertThat(Trees.dump(spec.root())).contains("c: '3'");
    ParsedSpec unclosed = Trees.parse("[".repeat(100_000));
    assertThat(unclosed.diagnostics()).extracting(Diagnostic::code).contains(Code.E0004);
  }

  @Test
  void hugeInputIsRefusedWithoutParsing() {
    ParsedSpec spec = Trees.parse("a 1\n".repeat(3_000_000));
    assertThat(only(spec).code()).isEqualTo(Code.E0004);
    assertThat(spec.root().entries()).isEmpty();
  }

  @Test
  void emptyInputIsAnEmptySpec() {
    assertThat(only(Trees.parse("  # only a comment\n\n")).code()).isEqualTo(Code.E0007);
  }

  @Test
  void garbageGivesABoundedNumberOfErrors() {
    StringBuilder garbage = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      garbage.append((char) ((i * 7919) % 0x3000));
    }
    ParsedSpec spec = Trees.parse(garbage.toString());
    assertThat(spec.diagnostics())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(ErrorCollector.MAX_REPORTED + 20);
  }

  @Test
  void commentsGoToTheirStatements() {
    ParsedSpec spec =
        Trees.parse(
            "# about the spec\n"
                + "spec a # trailing\n"
                + "\n"
                + "// about the pool\n"
                + "pool p {\n"
                + "  # about gpu\n"
                + "  gpu h100 x 8\n"
                + "  network ib # net\n"
                + "  # dangling at the end\n"
                + "}\n"
                + "options {\n"
                + "  #   indented text\n"
                + "}\n");
    assertThat(spec.diagnostics()).isEmpty();
    Node root = spec.root();
    assertThat(entry(root, "name").comments()).containsExactly("about the spec", "trailing");
    Node pool = at(root, "inventory", "pools", 0);
    assertThat(entry(pool, "name").comments()).containsExactly("about the pool");
    assertThat(entry(pool, "gpu").comments()).containsExactly("about gpu");
    assertThat(entry(pool, "network").comments()).containsExactly("net", "dangling at the end");
    assertThat(entry(root, "options").comments()).containsExactly("  indented text");
  }
}
