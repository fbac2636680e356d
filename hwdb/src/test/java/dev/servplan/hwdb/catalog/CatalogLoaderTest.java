package dev.servplan.hwdb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed data files are reported entry by entry, never thrown at a user. */
class CatalogLoaderTest {
  private static final String LINK =
      "links:\n  - id: x\n    kind: nvlink\n    intra_node: true\n"
          + "    bandwidth: {value: 300, unit: GB/s, source: datasheet}\n"
          + "    latency: {value: 1, unit: us, source: nccl}\n";

  @Test
  void wellFormedEntryLoads() {
    LoadResult<LinkSpec> r = CatalogLoader.links(LINK, "t.yaml");
    assertThat(r.problems()).isEmpty();
    assertThat(r.entries().get(0).bandwidthBytesPerS()).isEqualTo(300e9);
    assertThat(r.entries().get(0).latencyS()).isEqualTo(1e-6);
  }

  @Test
  void figureWithoutSourceIsAProblem() {
    LoadResult<LinkSpec> r = CatalogLoader.links(LINK.replace(", source: nccl", ""), "t.yaml");
    assertThat(r.ok()).isFalse();
    assertThat(r.entries()).isEmpty();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .contains("t.yaml links 'x'")
        .contains("'latency' has no source");
  }

  @Test
  void wrongUnitIsAProblem() {
    LoadResult<LinkSpec> r = CatalogLoader.links(LINK.replace("unit: us", "unit: GiB"), "t.yaml");
    assertThat(r.problems())
        .singleElement()
        .asString()
        .contains("'latency.unit' is 'GiB'")
        .contains("us");
  }

  @Test
  void unknownKeyAndKindAreProblems() {
    LoadResult<LinkSpec> r =
        CatalogLoader.links(
            LINK.replace("kind: nvlink", "kind: warp-drive\n    bandwith: 3"), "t.yaml");
    assertThat(r.problems()).hasSize(2);
    assertThat(String.join("\n", r.problems()))
        .contains("unknown key 'bandwith'")
        .contains("'kind' is 'warp-drive'");
  }

  @Test
  void notYamlIsAProblem() {
    assertThat(CatalogLoader.gpus("gpus: [", "g.yaml").problems())
        .singleElement()
        .asString()
        .contains("not valid YAML");
    assertThat(CatalogLoader.gpus("other: []", "g.yaml").problems())
        .singleElement()
        .asString()
        .contains("expected a list under 'gpus'");
  }

  @Test
  void gpuWithSparseTypoAndMissingFieldsReportsEach() {
    String yaml =
        "gpus:\n  - id: g\n    display_name: G\n    vendor: v\n"
            + "    memory: {value: 80, unit: GiB, source: s}\n"
            + "    tflops: {bf17: {value: 1, unit: TFLOPS, source: s}}\n";
    List<String> problems = CatalogLoader.gpus(yaml, "g.yaml").problems();
    assertThat(String.join("\n", problems))
        .contains("'tflops.bf17' is not a dtype")
        .contains("'memory_bandwidth' must be {value, unit, source}")
        .contains("'price.date'");
  }

  @Test
  void duplicateAliasesAcrossEntriesAreProblems() {
    String two = LINK + LINK.replace("links:\n", "").replace("id: x", "id: y\n    aliases: [X]");
    LoadResult<LinkSpec> r = CatalogLoader.links(two, "t.yaml");
    List<String> problems = new ArrayList<>(r.problems());
    new IdIndex<>(r.entries(), LinkSpec::id, LinkSpec::aliases, "link", problems);
    assertThat(problems)
        .singleElement()
        .asString()
        .contains("link name 'X' is used by both 'x' and 'y'");
  }

  @Test
  void modelWithUnsupportedConfigIsAProblem() {
    String yaml =
        "models:\n  - id: m\n    display_name: M\n    source: s\n"
            + "    published_params: {value: 1, unit: billion, source: s}\n"
            + "    config: {model_type: gemma2}\n";
    assertThat(ModelLoader.models(yaml, "m.yaml").problems())
        .singleElement()
        .asString()
        .contains("unsupported model_type 'gemma2'");
  }
}
