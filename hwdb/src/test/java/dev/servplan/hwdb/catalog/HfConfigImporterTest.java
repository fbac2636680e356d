package dev.servplan.hwdb.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Imports config.json fixtures shaped like the published files (keys and values from
 * huggingface.co/{meta-llama/Llama-3.1-8B-Instruct, mistralai/Mistral-7B-v0.1,
 * Qwen/Qwen1.5-MoE-A2.7B, deepseek-ai/DeepSeek-V2-Lite, google/gemma-2-9b}/config.json).
 */
class HfConfigImporterTest {
  private static String fixture(String name) {
    try (InputStream in = HfConfigImporterTest.class.getResourceAsStream("hf/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelArch ok(String file, String name) {
    HfImportResult result = HfConfigImporter.importConfig(fixture(file), name);
    assertThat(result.error()).isEmpty();
    return result.arch().orElseThrow();
  }

  @Test
  void llamaMatchesTheCatalogEntry() {
    ModelArch imported = ok("llama-3.1-8b-instruct.json", "Llama 3.1 8B Instruct");
    ModelArch bundled = Catalogs.models().find("llama-3.1-8b").orElseThrow();
    assertThat(imported.id()).isEqualTo("llama-3.1-8b-instruct");
    assertThat(imported.attention()).isEqualTo(AttentionKind.GQA);
    assertThat(imported.headDim()).isEqualTo(128);
    assertThat(imported.nativeDtype()).isEqualTo(Dtype.BF16);
    assertThat(ModelMath.parameterCount(imported)).isEqualTo(ModelMath.parameterCount(bundled));
    assertThat(ModelMath.parameterCount(imported)).isBetween(8_000_000_000L, 8_060_000_000L);
  }

  @Test
  void mistralKeepsItsSlidingWindow() {
    ModelArch m = ok("mistral-7b-v0.1.json", "mistral-7b-v0.1");
    assertThat(m.slidingWindow()).isEqualTo(4096);
    assertThat(m.maxContext()).isEqualTo(32768);
    assertThat(m.family()).isEqualTo("mistral");
  }

  @Test
  void qwenMoeCountsTheSharedExpertAsFourRoutedWidths() {
    // Qwen1.5-MoE-A2.7B model card: 14.3B total, 2.7B activated.
    ModelArch m = ok("qwen1.5-moe-a2.7b.json", "qwen1.5-moe-a2.7b");
    assertThat(m.experts()).isEqualTo(60);
    assertThat(m.sharedExperts()).isEqualTo(4);
    assertThat(m.slidingWindow()).isZero(); // use_sliding_window is false
    assertThat(ModelMath.parameterCount(m) / 1e9)
        .isCloseTo(14.3, org.assertj.core.data.Offset.offset(0.15));
    assertThat(ModelMath.activeParameterCount(m) / 1e9)
        .isCloseTo(2.7, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void deepseekV2LiteHasFullRankQueriesAndLatentCache() {
    // DeepSeek-V2-Lite model card: 15.7B total parameters.
    ModelArch m = ok("deepseek-v2-lite.json", "deepseek-v2-lite");
    assertThat(m.attention()).isEqualTo(AttentionKind.MLA);
    assertThat(m.qLoraRank()).isZero();
    assertThat(m.denseLayers()).isEqualTo(1);
    assertThat(m.headDim()).isEqualTo(192);
    assertThat(ModelMath.parameterCount(m) / 1e9)
        .isCloseTo(15.7, org.assertj.core.data.Offset.offset(0.2));
    // 27 layers x (512 + 64) latent elements x 2 bytes.
    assertThat(ModelMath.kvBytesPerToken(m, Dtype.BF16).bytes()).isEqualTo(27 * 576 * 2.0);
  }

  @Test
  void unsupportedModelTypeIsNamed() {
    HfImportResult result = HfConfigImporter.importConfig(fixture("gemma-2-9b.json"), "gemma-2-9b");
    assertThat(result.isOk()).isFalse();
    assertThat(result.error().orElseThrow())
        .contains("unsupported model_type 'gemma2'")
        .contains("llama")
        .contains("deepseek_v3");
  }

  @Test
  void architecturesStandsInForAMissingModelType() {
    String json = fixture("mistral-7b-v0.1.json").replace("\"model_type\": \"mistral\",", "");
    HfImportResult result = HfConfigImporter.importConfig(json, "m");
    assertThat(result.arch().map(ModelArch::family)).contains("mistral");
  }

  @Test
  void badInputIsReportedNotThrown() {
    assertThat(HfConfigImporter.importConfig("{not json", "x").error().orElseThrow())
        .contains("not valid JSON");
    assertThat(HfConfigImporter.importConfig("[1,2]", "x").error().orElseThrow())
        .contains("JSON object");
    String missing = fixture("llama-3.1-8b-instruct.json").replace("\"hidden_size\": 4096,", "");
    assertThat(HfConfigImporter.importConfig(missing, "x").error().orElseThrow())
        .contains("missing 'hidden_size'");
    String badHeads =
        fixture("llama-3.1-8b-instruct.json")
            .replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5");
    assertThat(HfConfigImporter.importConfig(badHeads, "x").error().orElseThrow())
        .contains("key-value heads 5 must divide attention heads 32");
    String text =
        fixture("llama-3.1-8b-instruct.json")
            .replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": \"32\"");
    assertThat(HfConfigImporter.importConfig(text, "x").error().orElseThrow())
        .contains("'num_hidden_layers' must be a non-negative integer");
  }

  @Test
  void fp8QuantizationConfigSetsTheNativeDtype() {
    ModelArch v3 = Catalogs.models().find("deepseek-v3").orElseThrow();
    assertThat(v3.nativeDtype()).isEqualTo(Dtype.FP8);
  }
}
