package dev.servplan.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

class YamlDiagnosticsTest {
  private final YamlFrontEnd frontEnd = new YamlFrontEnd();

  private ParsedSpec parse(String text) {
    return frontEnd.parse(SourceFile.of("spec.yaml", text));
  }

  /** The only diagnostic, checked for its code and 1-based line:column. */
  private Diagnostic single(String text, Code code, int line, int column) {
    ParsedSpec spec = parse(text);
    assertThat(spec.diagnostics()).as("diagnostics of %s", text).hasSize(1);
    Diagnostic d = spec.diagnostics().get(0);
    assertThat(d.code()).isEqualTo(code);
    assertThat(spec.source().lineMap().position(d.span().start()))
        .isEqualTo(new LineMap.Position(line, column));
    assertThat(spec.ok()).isFalse();
    return d;
  }

  @Test
  void anchorsAndAliasesAreRefused() {
    ParsedSpec spec = parse("a: &x 1\nb: *x\n");
    assertThat(spec.diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly(Code.E0006, Code.E0006);
    Diagnostic anchor = spec.diagnostics().get(0);
    assertThat(anchor.message()).contains("'&x'");
    assertThat(spec.source().text().substring(anchor.span().start(), anchor.span().end()))
        .isEqualTo("&x");
    Diagnostic alias = spec.diagnostics().get(1);
    assertThat(alias.message()).contains("'*x'");
    assertThat(spec.source().lineMap().position(alias.span().start()))
        .isEqualTo(new LineMap.Position(2, 4));
    // The alias is not expanded: its value is an empty null.
    assertThat(((ScalarNode) spec.root().get("b").orElseThrow()).style())
        .isEqualTo(ScalarNode.Style.NULL);
  }

  @Test
  void mergeKeysAreRefused() {
    Diagnostic d = single("base:\n  x: 1\nother:\n  <<: {x: 1}\n  y: 2\n", Code.E0006, 4, 3);
    assertThat(d.message()).contains("merge keys");
    ParsedSpec spec = parse("other:\n  <<: {x: 1}\n  y: 2\n");
    assertThat(spec.root().get("other").map(n -> n.toString()).orElseThrow()).doesNotContain("<<");
  }

  @Test
  void aQuotedDoubleAngleKeyIsAnOrdinaryKey() {
    assertThat(parse("\"<<\": 1\n").diagnostics()).isEmpty();
  }

  @Test
  void explicitTagsAreRefused() {
    Diagnostic d = single("a: !!str 1500\n", Code.E0006, 1, 4);
    assertThat(d.message()).isEqualTo("explicit tags ('!!str') are not allowed");
    single("a: !custom {b: 1}\n", Code.E0006, 1, 4);
  }

  @Test
  void duplicateKeysPointAtTheFirst() {
    Diagnostic d = single("name: a\nmodels: {}\nname: b\n", Code.E0005, 3, 1);
    assertThat(d.message()).isEqualTo("duplicate key 'name'");
    assertThat(d.related()).hasSize(1);
    assertThat(d.related().get(0).span().start()).isZero();
    assertThat(d.related().get(0).span().end()).isEqualTo(4);
  }

  @Test
  void duplicateKeysInFlowMapsToo() {
    single("a: {x: 1, x: 2}\n", Code.E0005, 1, 11);
  }

  @Test
  void tabIndentationIsASyntaxErrorInPlainWords() {
    Diagnostic d = single("a: 1\n\tb: 2\n", Code.E0002, 2, 1);
    assertThat(d.message()).contains("tab").contains("spaces");
    assertThat(d.help()).isEqualTo("replace the tab with spaces");
  }

  @Test
  void syntaxErrorsHaveTheirPositionAndPlainMessages() {
    assertThat(single("a: b: c\n", Code.E0002, 1, 5).message()).contains("unexpected ':'");
    assertThat(single("a: 1\n b: 2\n", Code.E0002, 2, 3).message()).contains("unexpected ':'");
    assertThat(single("a:\n  b: 1\n c: 2\n", Code.E0002, 3, 2).message()).contains("not aligned");
    assertThat(single("a: 1\n- b\n", Code.E0002, 2, 1).message()).contains("list item");
    assertThat(single("a: 'never closed\nb: 1\n", Code.E0002, 1, 4).message())
        .contains("never closed");
    assertThat(single("a: [1, 2\n", Code.E0002, 2, 1).message()).contains("']'").contains("line 1");
    assertThat(single("a: {b: 1\n", Code.E0002, 2, 1).message()).contains("'}'");
    assertThat(single("a: \"\\q\"\n", Code.E0002, 1, 6).message()).contains("escape");
    assertThat(single("a: @x\n", Code.E0002, 1, 4).message()).isEqualTo("'@' cannot start a value");
    assertThat(single("a: b\nc\n", Code.E0002, 2, 1).message()).contains("expected ':'");
    assertThat(single("a: \u0007\n", Code.E0002, 1, 4).message()).contains("U+0007");
  }

  @Test
  void positionsOfSyntaxErrorsCountCharsAfterAnEmoji() {
    // The ':' at fault is preceded by an emoji: two chars, one code point.
    single("a: \uD83D\uDE00 b: c\n", Code.E0002, 1, 8);
  }

  @Test
  void aSecondDocumentIsAnError() {
    Diagnostic d = single("a: 1\n---\nb: 2\n", Code.E0002, 2, 1);
    assertThat(d.message()).contains("second YAML document");
    ParsedSpec spec = parse("a: 1\n---\nb: 2\n");
    assertThat(spec.root().entries()).hasSize(1);
  }

  @Test
  void theTopLevelMustBeAMap() {
    Diagnostic list = single("- a\n- b\n", Code.E0103, 1, 1);
    assertThat(list.message())
        .isEqualTo("expected a map of keys for 'the top level', found a list");
    Diagnostic scalar = single("hello\n", Code.E0103, 1, 1);
    assertThat(scalar.message()).endsWith("found 'hello'");
  }

  @Test
  void emptyInputIsE0007() {
    single("", Code.E0007, 1, 1);
    single("   \n\n", Code.E0007, 1, 1);
    single("# only a comment\n", Code.E0007, 1, 1);
    single("---\n", Code.E0007, 1, 1);
    single("~\n", Code.E0007, 1, 1);
  }

  @Test
  void tooDeepIsE0004() {
    StringBuilder deep = new StringBuilder("a: ");
    for (int i = 0; i < 200; i++) {
      deep.append('[');
    }
    Diagnostic d = single(deep.toString(), Code.E0004, 1, 4 + 63);
    assertThat(d.message()).contains("64 levels");
    // 64 levels is still fine: the top map plus 63 lists.
    StringBuilder ok = new StringBuilder("a: ");
    ok.append("[".repeat(63)).append("]".repeat(63)).append('\n');
    assertThat(parse(ok.toString()).diagnostics()).isEmpty();
  }

  @Test
  void tooManyNodesIsE0004() {
    StringBuilder wide = new StringBuilder("a: [");
    for (int i = 0; i < YamlFrontEnd.MAX_NODES + 10; i++) {
      wide.append("1,");
    }
    wide.append("1]\n");
    Diagnostic d = single(wide.toString(), Code.E0004, 1, 1);
    assertThat(d.message()).contains("100000");
  }

  @Test
  void tooLongIsE0004WithoutParsing() {
    String huge = "a: " + "x".repeat(YamlFrontEnd.MAX_CHARS) + "\n";
    single(huge, Code.E0004, 1, 1);
  }

  @Test
  void aKeyThatIsAListIsAnErrorNotACrash() {
    single("? [a]\n: v\n", Code.E0002, 1, 3);
  }

  @Test
  void diagnosticsStopAtTheCap() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      many.append("k").append(i).append(": &a").append(i).append(" v\n");
    }
    assertThat(parse(many.toString()).diagnostics()).hasSize(YamlFrontEnd.MAX_DIAGNOSTICS);
  }

  @Test
  void aPartialTreeSurvivesASyntaxError() {
    ParsedSpec spec = parse("name: chat\ndeployments:\n  - name: a\n    model: [x, y\n");
    assertThat(spec.ok()).isFalse();
    assertThat(spec.root().entry("name")).isPresent();
    assertThat(spec.root().entry("deployments")).isPresent();
  }

  @Test
  void aBillionLaughsIsRefusedQuicklyWithoutExpansion() {
    StringBuilder bomb =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(p);
      }
      bomb.append("]\n");
    }
    ParsedSpec spec = parse(bomb.toString());
    assertThat(spec.diagnostics())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.code()).isEqualTo(Code.E0006));
    assertThat(Trees.spans(spec.root()).size()).isLessThan(200);
  }
}
