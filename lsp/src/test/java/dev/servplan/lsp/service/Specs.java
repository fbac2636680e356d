package dev.servplan.lsp.service;

import org.eclipse.lsp4j.Position;

/** Fixture specs and helpers for the language service tests. */
final class Specs {
  private Specs() {}

  static final String DSL =
      String.join(
          "\n",
          "spec chat-fleet",
          "model my-llama { base llama-3.1-70b }",
          "pool h100-east {",
          "  gpu h100-sxm-80gb x 64",
          "  price 2.49/h",
          "}",
          "pool l4-west { gpu l4-24gb x 8; gpus_per_node 4 }",
          "deployment chat {",
          "  model my-llama",
          "  pools h100-east, l4-west",
          "  precision { weights bf16 | fp8 }",
          "  workload {",
          "    rate 40/s poisson",
          "    input lognormal(mean 1500, p99 8000)",
          "    output lognormal(mean 300, p99 1500)",
          "  }",
          "  slo { ttft p99 <= 800ms; attainment >= 99% }",
          "}",
          "deployment small {",
          "  model llama-3.1-8b",
          "  pools l4-west",
          "  workload { rate 1/s; input 500; output 100 }",
          "  slo { ttft p99 <= 2s }",
          "}",
          "objective minimize cost",
          "");

  static final String YAML =
      String.join(
          "\n",
          "apiVersion: servplan/v1",
          "name: chat",
          "inventory:",
          "  pools:",
          "    - name: h100-east",
          "      gpu: h100-sxm-80gb",
          "      count: 16",
          "deployments:",
          "  - name: chat",
          "    model: llama-3.1-70b",
          "    pools: [h100-east]",
          "    workload:",
          "      rate: 10/s",
          "      input_tokens: {dist: lognormal, mean: 1000, p99: 4000}",
          "      output_tokens: 200",
          "    slo:",
          "      ttft: {p99: 1s}",
          "");

  static Document dsl(String text) {
    return Document.of("file:///tmp/specs/test.splan", "splan", 1, text);
  }

  static Document yaml(String text) {
    return Document.of("file:///tmp/specs/test.servplan.yaml", "yaml", 1, text);
  }

  /**
   * The position of the {@code n}-th (0-based) occurrence of {@code needle}, plus {@code delta}
   * chars.
   */
  static Position at(Document doc, String needle, int n, int delta) {
    int index = -1;
    for (int i = 0; i <= n; i++) {
      index = doc.text().indexOf(needle, index + 1);
      if (index < 0) {
        throw new IllegalArgumentException("no occurrence " + n + " of '" + needle + "'");
      }
    }
    return Positions.position(doc.source().lineMap(), index + delta);
  }

  static Position at(Document doc, String needle) {
    return at(doc, needle, 0, 0);
  }

  /** Just after the end of the first occurrence of {@code needle}. */
  static Position after(Document doc, String needle) {
    return at(doc, needle, 0, needle.length());
  }

  /** The end of the text. */
  static Position end(Document doc) {
    return Positions.position(doc.source().lineMap(), doc.text().length());
  }
}
