package dev.servplan.lsp.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
  @Test
  void aValidSpecHasNoDiagnostics() {
    assertThat(LanguageService.diagnostics(Specs.dsl(Specs.DSL))).isEmpty();
    assertThat(LanguageService.diagnostics(Specs.yaml(Specs.YAML))).isEmpty();
  }

  @Test
  void misspelledGpuHasTheCheckCodeMessageAndRangeAndAQuickFix() {
    Document doc = Specs.dsl(Specs.DSL.replace("gpu h100-sxm-80gb", "gpu h100-sxm-80g"));
    List<Diagnostic> diagnostics = LanguageService.diagnostics(doc);
    assertThat(diagnostics).hasSize(1);
    Diagnostic d = diagnostics.get(0);
    assertThat(d.getCode().getLeft()).isEqualTo("E0201");
    assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
    assertThat(d.getSource()).isEqualTo("servplan");
    assertThat(d.getMessage()).startsWith("unknown GPU 'h100-sxm-80g'");
    // line 3 (0-based), "  gpu " is 6 chars, the id is 12 chars long.
    assertThat(d.getRange()).isEqualTo(new Range(new Position(3, 6), new Position(3, 18)));

    List<CodeAction> actions = LanguageService.codeActions(doc, d.getRange());
    assertThat(actions).hasSize(1);
    CodeAction fix = actions.get(0);
    assertThat(fix.getTitle()).contains("h100-sxm-80gb");
    assertThat(fix.getKind()).isEqualTo("quickfix");
    List<TextEdit> edits = fix.getEdit().getChanges().get(doc.uri());
    assertThat(edits).containsExactly(new TextEdit(d.getRange(), "h100-sxm-80gb"));
  }

  @Test
  void quickFixesOnlyForDiagnosticsTouchingTheRange() {
    Document doc = Specs.dsl(Specs.DSL.replace("gpu h100-sxm-80gb", "gpu h100-sxm-80g"));
    Range elsewhere = new Range(new Position(20, 0), new Position(20, 3));
    assertThat(LanguageService.codeActions(doc, elsewhere)).isEmpty();
  }

  @Test
  void diagnosticsMatchTheCompilerForEveryExample() throws Exception {
    for (String name :
        List.of(
            "budget-small.splan", "moe-mixtral.splan", "chat.yaml", "fleet-heterogeneous.yaml")) {
      Path path = Path.of("../examples", name).toAbsolutePath().normalize();
      String text = java.nio.file.Files.readString(path);
      // Break a reference so there is something to report in every file.
      String broken = text.replaceFirst("model( |: )llama", "model$1lama");
      Document doc =
          Document.of(
              path.toUri().toString(), name.endsWith(".splan") ? "splan" : "yaml", 1, broken);
      var compiled =
          SpecCompiler.compile(new SourceFile(doc.source().id(), broken), path.getParent());
      List<Diagnostic> lsp = LanguageService.diagnostics(doc);
      assertThat(lsp).hasSameSizeAs(compiled.diagnostics());
      for (int i = 0; i < lsp.size(); i++) {
        var expected = compiled.diagnostics().get(i);
        assertThat(lsp.get(i).getCode().getLeft()).isEqualTo(expected.code().name());
        assertThat(lsp.get(i).getMessage()).startsWith(expected.message());
        var start = doc.source().lineMap().position(expected.span().start());
        assertThat(lsp.get(i).getRange().getStart())
            .isEqualTo(new Position(start.line() - 1, start.column() - 1));
      }
    }
  }

  @Test
  void rangesCountUtf16CodeUnitsAfterAstralCharacters() {
    // The emoji is one code point but two UTF-16 code units; LSP characters count code units.
    String text =
        Specs.DSL.replace(
            "pool h100-east {\n  gpu h100-sxm-80gb x 64",
            "model m { hf_config \"😀.json\" }; pool h100-east { gpu h100-sxm-80g x 64");
    Document doc = Specs.dsl(text);
    Diagnostic d =
        LanguageService.diagnostics(doc).stream()
            .filter(x -> x.getCode().getLeft().equals("E0201"))
            .findFirst()
            .orElseThrow();
    int lineStart = text.indexOf("model m {");
    int units = text.indexOf("h100-sxm-80g") - lineStart;
    assertThat(text.codePointCount(lineStart, lineStart + units)).isEqualTo(units - 1);
    assertThat(d.getRange())
        .isEqualTo(new Range(new Position(2, units), new Position(2, units + 12)));
  }

  @Test
  void syntaxErrorsAreReportedAndRelatedLocationsCarried() {
    Document broken = Specs.dsl("pool p {\n  gpu h100-sxm-80gb x\n}\n");
    assertThat(LanguageService.diagnostics(broken))
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.getCode().getLeft()).startsWith("E0"));
    Document duplicate = Specs.dsl(Specs.DSL.replace("pool l4-west", "pool h100-east"));
    Diagnostic dup =
        LanguageService.diagnostics(duplicate).stream()
            .filter(x -> x.getCode().getLeft().equals("E0204"))
            .findFirst()
            .orElseThrow();
    assertThat(dup.getRelatedInformation()).hasSize(1);
    assertThat(dup.getRelatedInformation().get(0).getLocation().getRange().getStart().getLine())
        .isEqualTo(2);
  }

  @Test
  void nulBytesAreReportedLikeCheckDoes() {
    Document doc = Specs.yaml("name: a\u0000\n");
    assertThat(LanguageService.diagnostics(doc))
        .extracting(d -> d.getCode().getLeft())
        .containsExactly("E0001");
  }
}
