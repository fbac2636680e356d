package dev.servplan.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ast.ParsedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each DSL construct produces the tree of the equivalent YAML, written by hand. */
class DslConstructsTest {

  static Stream<Arguments> constructs() {
    return Stream.of(
        Arguments.of(
            "spec header", "spec chat-fleet", "{apiVersion: servplan/v1, name: chat-fleet}"),
        Arguments.of(
            "explicit apiVersion is kept, not doubled",
            "apiVersion servplan/v2\nspec a",
            "{apiVersion: servplan/v2, name: a}"),
        Arguments.of(
            "models",
            "model my-llama { base llama-3.1-70b }\nmodel tiny { layers 32; hidden_size 4096; attention gqa }",
            "{apiVersion: servplan/v1, models: {my-llama: {base: llama-3.1-70b},"
                + " tiny: {layers: 32, hidden_size: 4096, attention: gqa}}}"),
        Arguments.of(
            "a generic models block merges with model statements",
            "models { a { base x } }\nmodel b { base y }",
            "{apiVersion: servplan/v1, models: {a: {base: x}, b: {base: y}}}"),
        Arguments.of(
            "pools",
            "pool h100-east { gpu h100-sxm-80gb x 64; gpus_per_node 8; interconnect nvlink4; network ib-400g; price 2.49/h }\n"
                + "pool small { gpu l4 }",
            "{apiVersion: servplan/v1, inventory: {pools: [{name: h100-east, gpu: h100-sxm-80gb, count: 64,"
                + " gpus_per_node: 8, interconnect: nvlink4, network: ib-400g, price: 2.49/h},"
                + " {name: small, gpu: l4}]}}"),
        Arguments.of(
            "deployment basics and pools list (one pool is still a list)",
            "deployment chat {\n  model llama-3.1-70b\n  pools h100-east\n}\n"
                + "deployment batch { model m; pools a, b }",
            "{apiVersion: servplan/v1, deployments: [{name: chat, model: llama-3.1-70b, pools: [h100-east]},"
                + " {name: batch, model: m, pools: [a, b]}]}"),
        Arguments.of(
            "precision alternatives",
            "deployment d { precision { weights bf16 | fp8; kv_cache fp8 } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, precision: {weights: [bf16, fp8], kv_cache: fp8}}]}"),
        Arguments.of(
            "poisson arrival",
            "deployment d { workload { rate 40/s poisson } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {rate: 40/s, arrival: poisson}}]}"),
        Arguments.of(
            "gamma arrival",
            "deployment d { workload { rate 40/s gamma(cv 2.0) } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {rate: 40/s, arrival: {gamma: {cv: 2.0}}}}]}"),
        Arguments.of(
            "trace arrival",
            "deployment d { workload { rate 40/s trace \"t.csv\" } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {rate: 40/s, arrival: {trace: t.csv}}}]}"),
        Arguments.of(
            "rate alone",
            "deployment d { workload { rate 40/s } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {rate: 40/s}}]}"),
        Arguments.of(
            "token distributions",
            "deployment d { workload {\n input lognormal(mean 1500, p99 8000)\n output 300\n } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload:"
                + " {input_tokens: {dist: lognormal, mean: 1500, p99: 8000}, output_tokens: 300}}]}"),
        Arguments.of(
            "arguments over several lines",
            "deployment d { workload {\n input uniform(\n  min 10\n  max 20,\n )\n } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {input_tokens: {dist: uniform, min: 10, max: 20}}}]}"),
        Arguments.of(
            "generic input block is renamed like the sugar",
            "deployment d { workload { input { dist fixed; mean 5 } } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {input_tokens: {dist: fixed, mean: 5}}}]}"),
        Arguments.of(
            "a quoted key escapes the sugar",
            "deployment d { workload { \"input\" 5 } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {input: 5}}]}"),
        Arguments.of(
            "prefix block",
            "deployment d { workload { prefix { shared_tokens 1200; hit_rate 60% } } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, workload: {prefix: {shared_tokens: 1200, hit_rate: 60%}}}]}"),
        Arguments.of(
            "slo targets, two percentiles of one metric merge",
            "deployment d { slo {\n ttft p50 <= 200ms\n ttft p99 <= 800ms\n tpot p99 <= 50ms\n attainment >= 99%\n } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, slo:"
                + " {ttft: {p50: 200ms, p99: 800ms}, tpot: {p99: 50ms}, attainment: 99%}}]}"),
        Arguments.of(
            "slo generic forms",
            "deployment d { slo { e2e { p50 30s }; attainment 99% } }",
            "{apiVersion: servplan/v1, deployments: [{name: d, slo: {e2e: {p50: 30s}, attainment: 99%}}]}"),
        Arguments.of(
            "objective words",
            "objective minimize cost",
            "{apiVersion: servplan/v1, objective: minimize-cost}"),
        Arguments.of(
            "objective as one name",
            "objective maximize-goodput",
            "{apiVersion: servplan/v1, objective: maximize-goodput}"),
        Arguments.of(
            "options and generic forms",
            "options {\n disaggregation auto; max_tp 8\n time_limit 10s\n budget $500/h\n memory 1.5GiB\n"
                + " tags [a, \"b c\", 3]\n flags a, b\n nested { deeper { x 1 } }\n empty {}\n none []\n flag\n}",
            "{apiVersion: servplan/v1, options: {disaggregation: auto, max_tp: 8, time_limit: 10s, budget: $500/h,"
                + " memory: 1.5GiB, tags: [a, b c, 3], flags: [a, b], nested: {deeper: {x: 1}}, empty: {}, none: [],"
                + " flag: null}}"),
        Arguments.of(
            "lists of maps and lists, over several lines",
            "things [\n {\n  a 1\n }\n [x, y],\n z\n]",
            "{apiVersion: servplan/v1, things: [{a: 1}, [x, y], z]}"),
        Arguments.of(
            "unknown keys parse in every block",
            "colour blue\npool p { colour red }\ndeployment d { colour green; workload { colour x }; slo { colour y } }",
            "{apiVersion: servplan/v1, colour: blue, inventory: {pools: [{name: p, colour: red}]},"
                + " deployments: [{name: d, colour: green, workload: {colour: x}, slo: {colour: y}}]}"),
        Arguments.of(
            "keywords are plain names elsewhere",
            "options { model x; pool y; rate z; spec w; x 5 }",
            "{apiVersion: servplan/v1, options: {model: x, pool: y, rate: z, spec: w, x: 5}}"),
        Arguments.of(
            "strings with escapes",
            "options { path \"a \\\"quoted\\\" \\\\ path\\n\" }",
            "{apiVersion: servplan/v1, options: {path: \"a \\\"quoted\\\" \\\\ path\\n\"}}"),
        Arguments.of(
            "semicolons, blank lines and both comment styles",
            "# top\n\nspec a; objective minimize cost // trailing\n\n\n",
            "{apiVersion: servplan/v1, name: a, objective: minimize-cost}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructs")
  void producesTheTreeOfTheEquivalentYaml(String what, String dsl, String yaml) {
    ParsedSpec spec = Trees.parse(dsl);
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(Trees.dump(spec.root())).isEqualTo(Trees.yaml(yaml));
  }

  @Test
  void theFullExampleMatchesItsYaml() throws Exception {
    ParsedSpec spec =
        Trees.parse(Files.readString(Path.of("src/test/resources/dsl/chat-fleet.splan")));
    assertThat(spec.diagnostics()).isEmpty();
    String yaml = Files.readString(Path.of("src/test/resources/dsl/chat-fleet.yaml"));
    assertThat(Trees.dump(spec.root())).isEqualTo(Trees.yaml(yaml));
  }

  @Test
  void theExampleInTheLanguageDocsMatchesItsYaml() throws Exception {
    String doc = Files.readString(Path.of("../docs/spec-language.md"));
    String example = doc.substring(doc.indexOf("## A complete example"));
    int dslStart = example.indexOf("```\n") + 4;
    String dsl = example.substring(dslStart, example.indexOf("```", dslStart));
    int yamlStart = example.indexOf("```yaml\n") + 8;
    String yaml = example.substring(yamlStart, example.indexOf("```", yamlStart));
    ParsedSpec spec = Trees.parse(dsl);
    assertThat(spec.diagnostics()).isEmpty();
    assertThat(Trees.dump(spec.root())).isEqualTo(Trees.yaml(yaml));
  }
}
