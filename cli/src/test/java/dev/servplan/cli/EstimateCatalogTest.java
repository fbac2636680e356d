package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code servplan estimate} answers with the documented JSON for every catalog model on every
 * catalog GPU at the smallest tensor-parallel degree where it fits, and refuses with exit 2 where
 * no degree up to the node size fits; never a stack trace, never a non-finite number.
 */
class EstimateCatalogTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyModelOnEveryGpu() throws Exception {
    List<String> answered = new ArrayList<>();
    for (ModelArch model : Catalogs.models().all()) {
      for (GpuSpec gpu : Catalogs.gpus().all()) {
        Dtype weights = gpu.supports(model.nativeDtype()) ? model.nativeDtype() : Dtype.BF16;
        boolean fitted = false;
        for (int tp = 1; tp <= gpu.defaultGpusPerNode() && !fitted; tp *= 2) {
          CliRun run =
              CliRun.of(
                  "estimate",
                  "--model",
                  model.id(),
                  "--gpu",
                  gpu.id(),
                  "--tp",
                  Integer.toString(tp),
                  "--weights",
                  weights.id(),
                  "--kv-dtype",
                  "bf16",
                  "--batch",
                  "max",
                  "--input",
                  "1024",
                  "--output",
                  "128",
                  "--format",
                  "json");
          assertThat(run.exitCode())
              .as("%s on %s tp %d: %s", model.id(), gpu.id(), tp, run.err())
              .isIn(0, 2);
          assertThat(run.err()).doesNotContain("Exception").doesNotContain("internal error");
          if (run.exitCode() == 0) {
            JsonNode json = JSON.readTree(run.out());
            assertThat(json.get("fits").asBoolean()).isTrue();
            assertThat(json.get("batch").asInt()).isPositive();
            for (String field :
                List.of("ttft_ms", "tpot_ms", "output_tokens_per_s", "total_tokens_per_s")) {
              double v = json.get(field).asDouble();
              assertThat(Double.isFinite(v) && v > 0)
                  .as("%s %s on %s tp %d = %s", field, model.id(), gpu.id(), tp, v)
                  .isTrue();
            }
            assertThat(json.get("memory_gib").get("total").asDouble())
                .isLessThanOrEqualTo(json.get("memory_gib").get("capacity").asDouble());
            answered.add(model.id() + "@" + gpu.id());
            fitted = true;
          } else {
            assertThat(run.err()).startsWith("error: ");
          }
        }
      }
    }
    // Small models fit everywhere; the largest (deepseek-v3, llama-3.1-405b) fit only on big nodes.
    assertThat(answered)
        .contains(
            "llama-3.1-8b@l4-24gb", "llama-3.1-70b@h100-sxm-80gb", "deepseek-v3@h200-sxm-141gb");
  }
}
