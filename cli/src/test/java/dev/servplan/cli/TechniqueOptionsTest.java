package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.compiler.ir.Technique;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allowing a technique never makes the optimum worse: on every minimize-cost example, the plan with
 * each modelled technique forbidden ({@code --option KEY=never}) costs at least as much as the
 * example as written ({@code auto}). Minimize-latency plans do not record the latency tier they
 * reached, so there both plans are only checked to compile within the budget. A spec that declares
 * LoRA adapters has no plan under {@code lora=never} (E0305), which holds the property trivially.
 * Where the example's plan is proven optimal and does not use a technique, the property follows
 * without compiling (the optimum is feasible under {@code never} too), so only the techniques a
 * plan uses are recompiled; that keeps the test to a few minutes as techniques are added.
 */
class TechniqueOptionsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    return SpecCommandsTest.examples();
  }

  private com.fasterxml.jackson.databind.JsonNode plan(Path example, String... extra)
      throws IOException {
    Path plan = dir.resolve("plan-" + extra.length + ".json");
    String[] args =
        Stream.concat(
                Stream.of("compile", example.toString(), "--quiet", "-o", plan.toString()),
                Stream.of(extra))
            .toArray(String[]::new);
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(Files.readString(plan));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void allowingTechniquesNeverRaisesCost(Path example) throws IOException {
    var written = plan(example);
    boolean minimizeCost = written.get("objective").asText().equals("minimize-cost");
    for (Technique t : Technique.values()) {
      if (t.modelled()) {
        if (t == Technique.LORA && Files.readString(example).contains("adapters")) {
          // Serving adapters without multiplexing (a merged copy per adapter) is not modelled, so
          // lora=never has no plan at all for a spec that declares adapters: refused, not cheaper.
          CliRun refused =
              CliRun.of("compile", example.toString(), "--quiet", "--option", "lora=never");
          assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
          assertThat(refused.out() + refused.err()).contains("E0305");
          continue;
        }
        if (!uses(written, t) && written.get("solver").get("status").asText().equals("OPTIMAL")) {
          // The proven optimum does not use t, so it is also a plan under t=never, and the never
          // optimum (a subset of the same candidates) cannot be cheaper: nothing to compile.
          continue;
        }
        var never = plan(example, "--option", t.id() + "=never");
        if (minimizeCost) {
          assertThat(written.get("cost_per_hour").asDouble())
              .as("%s with %s as written vs never", example.getFileName(), t.id())
              .isLessThanOrEqualTo(never.get("cost_per_hour").asDouble() + 1e-9);
        }
      }
    }
  }

  /** Whether any group of the plan uses the technique (its plan field, docs/plan-schema.json). */
  static boolean uses(com.fasterxml.jackson.databind.JsonNode plan, Technique t) {
    String field =
        switch (t) {
          case PREFIX_CACHING -> "prefix_caching";
          case SPECULATIVE_DECODING -> "speculative";
          case OFFLOAD -> "offload";
          case EXPERT_OFFLOAD -> "expert_offload";
          case KV_COMPRESSION -> "kv_compression";
          case LORA -> "lora";
          case SM_PARTITIONING -> "sm_partition";
        };
    for (var d : plan.get("deployments")) {
      for (var g : d.get("groups")) {
        var v = g.get(field);
        if (v != null && !(v.isBoolean() && !v.asBoolean())) {
          return true;
        }
      }
    }
    return false;
  }
}
