package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.hwdb.catalog.Dtype;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The solver compresses the KV cache where the spec's tolerance allows it and it lowers the cost
 * (long contexts, KV-limited decode), and never beyond the tolerance or the target engine.
 */
class KvCompressionTest {
  static final Path EXAMPLE = Path.of("..", "examples", "long-context-kv.yaml");
  static final String TOLERANCE = "kv_compression: {max: int4, eviction_budget: 8192}";

  static String example() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    assertThat(yaml).contains(TOLERANCE);
    return yaml;
  }

  static List<KvCompressionSetting> settings(Plan plan) {
    return plan.deployments().stream()
        .flatMap(d -> d.groups().stream())
        .map(KvCompressionSetting::of)
        .flatMap(Optional::stream)
        .toList();
  }

  static List<Dtype> kvDtypes(Plan plan) {
    return plan.deployments().stream()
        .flatMap(d -> d.groups().stream())
        .map(Group::kvDtype)
        .toList();
  }

  @Test
  void compressesWhereItWins() throws Exception {
    Plan compressed = PrefixCachingTest.solve(example());
    Plan never = PrefixCachingTest.solve(example().replace(TOLERANCE, "kv_compression: never"));
    assertThat(settings(never)).isEmpty();
    assertThat(kvDtypes(never)).doesNotContain(Dtype.INT4, Dtype.INT2);
    assertThat(settings(compressed)).isNotEmpty();
    assertThat(kvDtypes(compressed)).contains(Dtype.INT4).doesNotContain(Dtype.INT2);
    assertThat(settings(compressed))
        .allMatch(s -> s.evictionBudget().orElse(0) == 8192 || s.evictionBudget().isEmpty());
    assertThat(compressed.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
  }

  @Test
  void quantizationAloneAlsoWins() throws Exception {
    // Without SM partitioning, which on this example reaches the int4-only cost with fp8 KV (so the
    // least-lossy tie-break then keeps the KV cache uncompressed).
    String noSplit = "\n  sm_partitioning: never";
    Plan int4 =
        PrefixCachingTest.solve(
            example().replace(TOLERANCE, "kv_compression: {max: int4}" + noSplit));
    Plan never =
        PrefixCachingTest.solve(example().replace(TOLERANCE, "kv_compression: never" + noSplit));
    assertThat(settings(int4)).isNotEmpty().allMatch(s -> s.evictionBudget().isEmpty());
    assertThat(int4.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
  }

  @Test
  void evictionAloneWinsButLessThanBoth() throws Exception {
    Plan both = PrefixCachingTest.solve(example());
    Plan budget =
        PrefixCachingTest.solve(
            example().replace(TOLERANCE, "kv_compression: {eviction_budget: 8192}"));
    Plan never = PrefixCachingTest.solve(example().replace(TOLERANCE, "kv_compression: never"));
    assertThat(settings(budget)).isNotEmpty().allMatch(s -> s.dtype().isEmpty());
    assertThat(budget.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour())
        .isGreaterThan(both.costPerHour().dollarsPerHour());
  }

  @Test
  void shortPromptsKeepTheirKvCache() throws Exception {
    // Chat prompts of 1,500 tokens: the KV cache does not limit the batch, compression would not
    // lower the cost, so at equal cost the plan keeps the spec's own formats and every token.
    String chat =
        Files.readString(Path.of("..", "examples", "chat.yaml"))
            .replace(
                "options:\n", "options:\n  kv_compression: {max: int2, eviction_budget: 1024}\n");
    assertThat(chat).contains("kv_compression: {max: int2");
    Plan plan = PrefixCachingTest.solve(chat);
    assertThat(settings(plan)).isEmpty();
    assertThat(kvDtypes(plan)).doesNotContain(Dtype.INT4, Dtype.INT2, Dtype.INT8);
  }

  @Test
  void withoutToleranceNothingIsCompressed() throws Exception {
    for (String option : List.of("kv_compression: auto", "kv_compression: always")) {
      Plan plan = PrefixCachingTest.solve(example().replace(TOLERANCE, option));
      assertThat(settings(plan)).as(option).isEmpty();
      assertThat(kvDtypes(plan)).as(option).doesNotContain(Dtype.INT4, Dtype.INT2, Dtype.INT8);
    }
  }

  @Test
  void aConcreteEngineGetsOnlyWhatItRuns() throws Exception {
    Plan vllm =
        PrefixCachingTest.solve(
            example().replace(TOLERANCE, "engine: vllm\n  " + TOLERANCE.replace("int4", "int2")));
    assertThat(kvDtypes(vllm)).doesNotContain(Dtype.INT4, Dtype.INT2, Dtype.INT8);
    assertThat(settings(vllm)).allMatch(s -> s.evictionBudget().isEmpty());
  }

  @Test
  void aBudgetAboveEveryContextEvictsNothing() throws Exception {
    Plan plan =
        PrefixCachingTest.solve(
            example().replace(TOLERANCE, "kv_compression: {eviction_budget: 1000000}"));
    assertThat(settings(plan)).isEmpty();
  }
}
