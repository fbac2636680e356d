package dev.servplan.hwdb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogsTest {
  @Test
  void bundledDataHasNoProblems() {
    assertThat(Catalogs.problems()).isEmpty();
  }

  @Test
  void findsByIdAndAliasIgnoringCase() {
    assertThat(Catalogs.gpus().find("H100-SXM5-80GB")).map(GpuSpec::id).contains("h100-sxm-80gb");
    assertThat(Catalogs.gpus().find(" h100 ")).map(GpuSpec::id).contains("h100-sxm-80gb");
    assertThat(Catalogs.gpus().find("A100-SXM4-80GB")).map(GpuSpec::id).contains("a100-sxm-80gb");
    assertThat(Catalogs.models().find("LLAMA-3.1-8B")).isPresent();
    assertThat(Catalogs.gpus().find("h1000")).isEmpty();
  }

  @Test
  void listsAreSortedById() {
    assertThat(Catalogs.gpus().ids()).isSorted();
    assertThat(Catalogs.models().ids()).isSorted();
    assertThat(Catalogs.links().ids()).isSorted();
  }
}
