package dev.servplan.lsp.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.hwdb.catalog.Catalogs;
import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

class CompletionTest {
  private static List<String> labels(Document doc, Position at) {
    return LanguageService.completion(doc, at).stream().map(CompletionItem::getLabel).toList();
  }

  @Test
  void gpuIdsAfterGpuInAHalfTypedDslFile() {
    Document doc = Specs.dsl("spec a\npool p {\n  gpu ");
    List<String> labels = labels(doc, Specs.end(doc));
    assertThat(labels).containsExactlyElementsOf(Catalogs.gpus().ids());
    assertThat(labels).contains("h100-sxm-80gb");
  }

  @Test
  void gpuCompletionReplacesThePartialWord() {
    Document doc = Specs.dsl("pool p {\n  gpu h10");
    List<CompletionItem> items = LanguageService.completion(doc, Specs.end(doc));
    CompletionItem h100 =
        items.stream().filter(i -> i.getLabel().equals("h100-sxm-80gb")).findFirst().orElseThrow();
    var edit = h100.getTextEdit().getLeft();
    assertThat(edit.getRange().getStart()).isEqualTo(new Position(1, 6));
    assertThat(edit.getRange().getEnd()).isEqualTo(new Position(1, 9));
    assertThat(edit.getNewText()).isEqualTo("h100-sxm-80gb");
  }

  @Test
  void gpuIdsAfterGpuInYaml() {
    Document doc = Specs.yaml("inventory:\n  pools:\n    - name: a\n      gpu: ");
    assertThat(labels(doc, Specs.end(doc))).containsExactlyElementsOf(Catalogs.gpus().ids());
  }

  @Test
  void modelIdsAndCustomModelsAfterModelInADeployment() {
    Document doc = Specs.dsl(Specs.DSL.replace("  model llama-3.1-8b", "  model "));
    List<String> labels = labels(doc, Specs.after(doc, "deployment small {\n  model "));
    assertThat(labels.get(0)).isEqualTo("my-llama");
    assertThat(labels).containsAll(Catalogs.models().ids());
  }

  @Test
  void poolNamesDeclaredInTheFileAfterPools() {
    Document doc = Specs.dsl(Specs.DSL.replace("  pools l4-west", "  pools l4-west, "));
    assertThat(labels(doc, Specs.after(doc, "  pools l4-west, ")))
        .containsExactly("h100-east", "l4-west");
    Document yaml = Specs.yaml(Specs.YAML.replace("pools: [h100-east]", "pools: [h100-east, ]"));
    assertThat(labels(yaml, Specs.after(yaml, "pools: [h100-east, "))).containsExactly("h100-east");
    Document yamlList =
        Specs.yaml(Specs.YAML.replace("    pools: [h100-east]\n", "    pools:\n      - \n"));
    assertThat(labels(yamlList, Specs.after(yamlList, "pools:\n      - ")))
        .containsExactly("h100-east");
  }

  @Test
  void keysValidAtTheCursor() {
    Document top = Specs.dsl("spec a\n");
    assertThat(labels(top, Specs.end(top)))
        .contains("pool", "deployment", "model", "objective", "options");
    Document pool = Specs.dsl("pool p {\n  gpu h100-sxm-80gb x 8\n  \n}\n");
    assertThat(labels(pool, Specs.at(pool, "\n}", 0, 0)))
        .containsExactly("gpu", "count", "gpus_per_node", "interconnect", "network", "price");
    Document workload = Specs.dsl("deployment d {\n  workload {\n    rate 4/s\n    ");
    assertThat(labels(workload, Specs.end(workload)))
        .containsExactly("rate", "arrival", "input", "output", "prefix");
    Document dist = Specs.dsl("deployment d {\n  workload {\n    input lognormal(mean 5, ");
    assertThat(labels(dist, Specs.end(dist))).contains("p99", "mean", "dist");
    Document yamlWorkload =
        Specs.yaml("deployments:\n  - name: d\n    workload:\n      rate: 1/s\n      ");
    assertThat(labels(yamlWorkload, Specs.end(yamlWorkload)))
        .containsExactly("rate", "arrival", "input_tokens", "output_tokens", "prefix");
    Document yamlDeployment = Specs.yaml("deployments:\n  - name: d\n    ");
    assertThat(labels(yamlDeployment, Specs.end(yamlDeployment)))
        .contains("model", "pools", "slo", "workload");
    Document yamlTop = Specs.yaml("name: x\n");
    assertThat(labels(yamlTop, Specs.end(yamlTop)))
        .contains("inventory", "deployments", "objective");
    Document yamlFlow = Specs.yaml("deployments:\n  - name: d\n    precision: {weights: bf16, ");
    assertThat(labels(yamlFlow, Specs.end(yamlFlow))).containsExactly("weights", "kv_cache");
  }

  @Test
  void enumValues() {
    Document objective = Specs.dsl("objective ");
    assertThat(labels(objective, Specs.end(objective)))
        .containsExactly("minimize-cost", "maximize-goodput", "minimize-latency");
    Document disagg = Specs.yaml("options:\n  disaggregation: ");
    assertThat(labels(disagg, Specs.end(disagg))).containsExactly("auto", "never", "always");
    Document kv = Specs.yaml("options:\n  kv_compression: ");
    assertThat(labels(kv, Specs.end(kv)))
        .containsExactly("auto", "never", "always", "fp8", "int8", "int4", "int2");
    Document precision = Specs.dsl("deployment d {\n  precision { weights bf16 | ");
    assertThat(labels(precision, Specs.end(precision))).contains("bf16", "fp8", "int4");
    Document arrival = Specs.dsl("deployment d {\n  workload {\n    rate 4/s ");
    assertThat(labels(arrival, Specs.end(arrival))).containsExactly("poisson", "gamma", "trace");
    Document dist =
        Specs.yaml("deployments:\n  - name: d\n    workload:\n      input_tokens: {dist: ");
    assertThat(labels(dist, Specs.end(dist))).contains("lognormal", "fixed");
    Document percentile = Specs.dsl("deployment d {\n  slo {\n    ttft ");
    assertThat(labels(percentile, Specs.end(percentile)))
        .containsExactly("p50", "p90", "p95", "p99");
  }

  @Test
  void unitsAfterANumber() {
    Document rate = Specs.dsl("deployment d {\n  workload {\n    rate 40");
    assertThat(labels(rate, Specs.end(rate))).containsExactly("40/s", "40/min", "40/h");
    Document slo = Specs.dsl("deployment d {\n  slo { ttft p99 <= 800");
    assertThat(labels(slo, Specs.end(slo))).containsExactly("800ms", "800s", "800min");
    Document price = Specs.yaml("inventory:\n  pools:\n    - name: a\n      price: 2.4");
    assertThat(labels(price, Specs.end(price))).containsExactly("2.4/h");
    Document sloYaml = Specs.yaml("deployments:\n  - name: d\n    slo:\n      ttft: {p99: 8");
    assertThat(labels(sloYaml, Specs.end(sloYaml))).containsExactly("8ms", "8s", "8min");
    Document count = Specs.yaml("inventory:\n  pools:\n    - name: a\n      count: 8");
    assertThat(labels(count, Specs.end(count))).isEmpty();
  }

  @Test
  void nothingInsideCommentsOrStrings() {
    Document comment = Specs.dsl("pool p {\n  gpu h100-sxm-80gb x 8 # gpu ");
    assertThat(labels(comment, Specs.end(comment))).isEmpty();
  }

  @Test
  void everyOfferedEnumValueIsAcceptedByTheCompiler() {
    // SpecSchema repeats a few value sets the lowerer writes inline; compiling each proves they
    // agree.
    for (String objective : dev.servplan.compiler.lower.SpecSchema.OBJECTIVES) {
      String text =
          Specs.DSL.replace(
              "objective minimize cost",
              "objective "
                  + objective
                  + (objective.equals("minimize-latency") ? "\noptions { budget 500/h }" : ""));
      assertThat(LanguageService.diagnostics(Specs.dsl(text))).as(objective).isEmpty();
    }
    for (String mode : dev.servplan.compiler.lower.SpecSchema.DISAGGREGATION) {
      String text = Specs.DSL + "options { disaggregation " + mode + " }\n";
      assertThat(LanguageService.diagnostics(Specs.dsl(text))).as(mode).isEmpty();
    }
    for (String dist : dev.servplan.compiler.lower.SpecSchema.DISTRIBUTIONS) {
      String text =
          Specs.DSL.replace(
              "input lognormal(mean 1500, p99 8000)", "input { dist " + dist + "; mean 1500 }");
      assertThat(LanguageService.diagnostics(Specs.dsl(text))).as(dist).isEmpty();
    }
  }
}
