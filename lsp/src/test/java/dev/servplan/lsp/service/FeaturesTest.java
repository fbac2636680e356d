package dev.servplan.lsp.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Hover, navigation, outline, formatting and semantic tokens. */
class FeaturesTest {
  private static String hoverText(Document doc, Position at) {
    return LanguageService.hover(doc, at)
        .map(Hover::getContents)
        .map(c -> c.getRight().getValue())
        .orElse("");
  }

  @Test
  void hoverOnAModelIdShowsSizeKvBytesAndWeightMemoryPerPrecision() {
    Document doc = Specs.dsl(Specs.DSL);
    String text = hoverText(doc, Specs.at(doc, "llama-3.1-8b", 0, 3));
    ModelArch m = Catalogs.models().find("llama-3.1-8b").orElseThrow();
    assertThat(text)
        .contains(m.displayName())
        .contains("| layers | " + m.layers() + " |")
        .contains(Hovers.kib(ModelMath.kvBytesPerToken(m, Dtype.BF16)) + " KiB at bf16")
        .contains("| bf16 | " + Hovers.gib(ModelMath.weightBytes(m, Dtype.BF16)) + " GiB |")
        .contains("| fp8 | " + Hovers.gib(ModelMath.weightBytes(m, Dtype.FP8)) + " GiB |")
        .contains("| int4 | " + Hovers.gib(ModelMath.weightBytes(m, Dtype.INT4)) + " GiB |");
    // Llama 3.1 8B: 32 layers x 8 KV heads x 128 dims x 2 (K, V) x 2 bytes = 128 KiB per token.
    assertThat(text).contains("128 KiB at bf16");
    var hover = LanguageService.hover(doc, Specs.at(doc, "llama-3.1-8b", 0, 3)).orElseThrow();
    assertThat(hover.getRange()).isEqualTo(new Range(new Position(19, 8), new Position(19, 20)));
  }

  @Test
  void hoverOnACustomModelShowsItsBase() {
    Document doc = Specs.dsl(Specs.DSL);
    assertThat(hoverText(doc, Specs.at(doc, "model my-llama", 0, 8)))
        .contains("custom model `my-llama`, based on `llama-3.1-70b`")
        .contains("| layers | 80 |");
  }

  @Test
  void hoverOnAGpuIdShowsSpecsAndPrice() {
    Document doc = Specs.dsl(Specs.DSL);
    String text = hoverText(doc, Specs.at(doc, "h100-sxm-80gb", 0, 2));
    var gpu = Catalogs.gpus().find("h100-sxm-80gb").orElseThrow();
    assertThat(text)
        .contains(gpu.displayName())
        .contains("| memory | " + Hovers.gib(gpu.memory()) + " GiB")
        .contains("$" + Hovers.price(gpu.price().dollarsPerHour()) + " per GPU-hour");
  }

  @Test
  void hoverOnADeploymentEstimatesWeightsPerGpuAtEachTp() {
    Document doc = Specs.dsl(Specs.DSL);
    assertThat(doc.compilation().ok()).isTrue();
    String text = hoverText(doc, Specs.at(doc, "deployment chat", 0, 12));
    assertThat(text)
        .contains("| pool (GPU) | TP 1 | TP 2 | TP 4 | TP 8 |")
        .contains("weights per GPU at bf16")
        .contains("weights per GPU at fp8");
    // 70B at bf16 is ~131 GiB: one 80 GB H100 cannot hold it, eight can.
    String h100Bf16 =
        text.lines().filter(l -> l.startsWith("| h100-east")).findFirst().orElseThrow();
    assertThat(h100Bf16).matches("\\| h100-east .*\\| [0-9.]+ GiB ✗ \\|.*\\| [0-9.]+ GiB ✓ \\|");
    // The L4 pool has 4 GPUs per node, so TP 8 does not apply there.
    String l4 = text.lines().filter(l -> l.startsWith("| l4-west")).findFirst().orElseThrow();
    assertThat(l4).endsWith("| n/a |");
  }

  @Test
  void hoverWorksOnABrokenFileFromTheWordUnderTheCursor() {
    Document doc = Specs.dsl("deployment d {\n  model llama-3.1-8b\n  pools {{{\n");
    assertThat(hoverText(doc, Specs.at(doc, "llama-3.1-8b", 0, 1))).contains("| bf16 |");
    Document deploymentOnly =
        Specs.dsl("deployment d {\n  model llama-3.1-8b\n}\npool p { gpu l4-24gb x 4 }\n");
    assertThat(hoverText(deploymentOnly, Specs.at(deploymentOnly, "deployment d", 0, 11)))
        .contains("| p (l4-24gb");
  }

  @Test
  void definitionAndReferencesOfPoolsAndCustomModels() {
    Document doc = Specs.dsl(Specs.DSL);
    List<Location> def = LanguageService.definition(doc, Specs.at(doc, "l4-west", 1, 2));
    assertThat(def).hasSize(1);
    assertThat(def.get(0).getRange().getStart()).isEqualTo(Specs.at(doc, "l4-west"));
    List<Location> refs = LanguageService.references(doc, Specs.at(doc, "l4-west"), true);
    assertThat(refs)
        .extracting(l -> l.getRange().getStart())
        .containsExactly(
            Specs.at(doc, "l4-west", 0, 0),
            Specs.at(doc, "l4-west", 1, 0),
            Specs.at(doc, "l4-west", 2, 0));
    assertThat(LanguageService.references(doc, Specs.at(doc, "l4-west"), false)).hasSize(2);
    List<Location> model = LanguageService.definition(doc, Specs.at(doc, "my-llama", 1, 1));
    assertThat(model)
        .extracting(l -> l.getRange().getStart())
        .containsExactly(Specs.at(doc, "my-llama"));
    // A catalog model id is not a reference to anything in the file.
    assertThat(LanguageService.definition(doc, Specs.at(doc, "llama-3.1-8b"))).isEmpty();

    Document yaml = Specs.yaml(Specs.YAML);
    assertThat(LanguageService.definition(yaml, Specs.at(yaml, "h100-east", 1, 1)))
        .extracting(l -> l.getRange().getStart())
        .containsExactly(Specs.at(yaml, "h100-east"));
  }

  @Test
  void outlineListsModelsPoolsAndDeployments() {
    Document doc = Specs.dsl(Specs.DSL);
    List<DocumentSymbol> symbols = LanguageService.documentSymbols(doc);
    assertThat(symbols)
        .extracting(DocumentSymbol::getName)
        .containsExactly("my-llama", "h100-east", "l4-west", "chat", "small");
    assertThat(symbols.get(1).getDetail()).isEqualTo("pool: h100-sxm-80gb x 64");
    for (DocumentSymbol s : symbols) {
      assertThat(Positions.compare(s.getRange().getStart(), s.getSelectionRange().getStart()))
          .isLessThanOrEqualTo(0);
      assertThat(Positions.compare(s.getSelectionRange().getEnd(), s.getRange().getEnd()))
          .isLessThanOrEqualTo(0);
    }
  }

  @Test
  void formattingReplacesTheWholeDocumentWithTheFmtLayout() {
    String messy =
        "spec   a\npool p {gpu h100-sxm-80gb x 8;price 2.49/h}\n"
            + "deployment d { model llama-3.1-8b; workload { rate 1/s; input 100; output 10 }; slo { ttft p99 <= 1s } }";
    Document doc = Specs.dsl(messy);
    List<TextEdit> edits = LanguageService.format(doc).orElseThrow();
    assertThat(edits).hasSize(1);
    String expected = SpecCompiler.printer(doc.syntax()).print(doc.parsed().root());
    assertThat(edits.get(0).getNewText()).isEqualTo(expected).isNotEqualTo(messy);
    assertThat(edits.get(0).getRange()).isEqualTo(new Range(new Position(0, 0), Specs.end(doc)));
    // Already formatted: nothing to do.
    assertThat(LanguageService.format(Specs.dsl(expected)).orElseThrow()).isEmpty();
    Document yaml =
        Specs.yaml("name:    a\ninventory: {pools: [{name: p, gpu: l4-24gb, count: 2}]}\n");
    assertThat(LanguageService.format(yaml).orElseThrow()).hasSize(1);
  }

  @Test
  void formattingRefusesFilesWithSyntaxErrors() {
    assertThat(LanguageService.format(Specs.dsl("pool p {\n  gpu l4-24gb x\n"))).isEmpty();
    assertThat(LanguageService.format(Specs.yaml("a: [1, 2\n"))).isEmpty();
  }

  @Test
  void semanticTokensClassifyTheDsl() {
    Document doc = Specs.dsl("# fleet\npool p { gpu l4-24gb x 8; price 0.7/h }\nspec \"x\"\n");
    List<Integer> data = LanguageService.semanticTokens(doc).getData();
    assertThat(data.size() % 5).isZero();
    List<String> types = SemanticTokensBuilder.TYPES;
    List<String> decoded = new java.util.ArrayList<>();
    int line = 0;
    int ch = 0;
    for (int i = 0; i < data.size(); i += 5) {
      line += data.get(i);
      ch = data.get(i) == 0 ? ch + data.get(i + 1) : data.get(i + 1);
      String word = doc.text().lines().toList().get(line).substring(ch, ch + data.get(i + 2));
      decoded.add(word + ":" + types.get(data.get(i + 3)));
    }
    assertThat(decoded)
        .containsExactly(
            "# fleet:comment",
            "pool:keyword",
            "p:variable",
            "gpu:keyword",
            "l4-24gb:enumMember",
            "x:keyword",
            "8:number",
            "price:property",
            "0.7/h:number",
            "spec:keyword",
            "\"x\":string");
    assertThat(LanguageService.semanticTokens(Specs.yaml(Specs.YAML)).getData()).isEmpty();
  }

  @Test
  void noFeatureThrowsOnTruncatedInput() {
    for (String base : List.of(Specs.DSL, Specs.YAML)) {
      for (int cut = 0; cut <= base.length(); cut += 7) {
        String text = base.substring(0, cut);
        Document doc = base == Specs.DSL ? Specs.dsl(text) : Specs.yaml(text);
        Position end = Specs.end(doc);
        LanguageService.diagnostics(doc);
        LanguageService.completion(doc, end);
        LanguageService.hover(doc, end);
        LanguageService.definition(doc, end);
        LanguageService.references(doc, end, true);
        LanguageService.documentSymbols(doc);
        LanguageService.format(doc);
        LanguageService.semanticTokens(doc);
        LanguageService.codeActions(doc, new Range(new Position(0, 0), end));
      }
    }
  }
}
