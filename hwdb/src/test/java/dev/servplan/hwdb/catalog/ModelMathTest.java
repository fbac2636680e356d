package dev.servplan.hwdb.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMathTest {
  private static ModelArch model(String id) {
    return Catalogs.models().find(id).orElseThrow();
  }

  /**
   * Every bundled model's derived count is within 3% of what its authors publish. No exceptions are
   * needed: Llama 2 70B (69.0B derived vs the paper's "70B") is the widest at 1.5%.
   */
  @Test
  void derivedParameterCountsMatchPublishedTotals() {
    List<String> off = new ArrayList<>();
    for (ModelArch m : Catalogs.models().all()) {
      double derived = ModelMath.parameterCount(m) / 1e9;
      double error = Math.abs(derived - m.publishedParamsB()) / m.publishedParamsB();
      if (error > 0.03) {
        off.add(m.id() + ": derived " + derived + "B vs published " + m.publishedParamsB() + "B");
      }
    }
    assertThat(off).isEmpty();
    assertThat(Catalogs.models().all()).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void llama31_8bHasTheExactCheckpointCount() {
    // 8,030,261,248 parameters in the published safetensors.
    assertThat(ModelMath.parameterCount(model("llama-3.1-8b"))).isEqualTo(8_030_261_248L);
  }

  @Test
  void llama2_7bHasTheExactCheckpointCount() {
    // 6,738,415,616 parameters in the published safetensors.
    assertThat(ModelMath.parameterCount(model("llama-2-7b"))).isEqualTo(6_738_415_616L);
  }

  @Test
  void tiedEmbeddingsAreCountedOnce() {
    ModelArch m = model("llama-3.2-1b");
    assertThat(ModelMath.lmHeadParams(m)).isZero();
    // 1,235,814,400 parameters in the published safetensors.
    assertThat(ModelMath.parameterCount(m)).isEqualTo(1_235_814_400L);
    assertThat(ModelMath.activeMatmulParams(m))
        .isEqualTo(ModelMath.parameterCount(m) - ModelMath.normParams(m));
  }

  @Test
  void mixtralActiveParamsAreAboutThirteenBillion() {
    // Mixtral paper: 47B total, 13B active per token.
    ModelArch m = model("mixtral-8x7b");
    assertThat(ModelMath.parameterCount(m) / 1e9).isCloseTo(46.7, within(0.1));
    assertThat(ModelMath.activeParameterCount(m) / 1e9).isCloseTo(12.9, within(0.1));
  }

  @Test
  void deepseekV3ActiveParamsAreAboutThirtySevenBillion() {
    ModelArch m = model("deepseek-v3");
    assertThat(ModelMath.parameterCount(m) / 1e9).isCloseTo(671, within(1.0));
    assertThat(ModelMath.activeParameterCount(m) / 1e9).isCloseTo(37, within(0.6));
  }

  @Test
  void gqaKvBytesFollowTheFormula() {
    // Llama 3.1 70B: 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 bytes per token.
    ModelArch m = model("llama-3.1-70b");
    assertThat(ModelMath.kvBytesPerToken(m, Dtype.BF16).bytes()).isEqualTo(327_680.0);
    assertThat(ModelMath.kvBytesPerToken(m, Dtype.FP8).bytes()).isEqualTo(163_840.0);
  }

  @Test
  void mhaKvBytesUseEveryHead() {
    // Llama 2 7B: 2 x 32 x 32 x 128 x 2 = 524,288 bytes (0.5 MiB) per token.
    assertThat(ModelMath.kvBytesPerToken(model("llama-2-7b"), Dtype.FP16).bytes())
        .isEqualTo(524_288.0);
  }

  @Test
  void mlaKvBytesCacheTheLatent() {
    // DeepSeek-V3: 61 x (512 + 64) x 2 bytes = 70,272 bytes per token.
    assertThat(ModelMath.kvBytesPerToken(model("deepseek-v3"), Dtype.BF16).bytes())
        .isEqualTo(70_272.0);
  }

  @Test
  void nonGatedMlpUsesTwoMatrices() {
    ModelArch gptj = model("gpt-j-6b");
    assertThat(gptj.gatedMlp()).isFalse();
    assertThat(gptj.parallelAttention()).isTrue();
    assertThat(ModelMath.denseFfnParamsPerLayer(gptj)).isEqualTo(2L * 4096 * 16384);
    ModelArch falcon = model("falcon-180b");
    assertThat(falcon.kvHeads()).isEqualTo(8);
    assertThat(ModelMath.denseFfnParamsPerLayer(falcon)).isEqualTo(2L * 14848 * 59392);
  }

  @Test
  void weightBytesScaleWithDtype() {
    ModelArch m = model("llama-3.1-8b");
    double bf16 = ModelMath.weightBytes(m, Dtype.BF16).bytes();
    assertThat(bf16).isEqualTo(2.0 * ModelMath.parameterCount(m));
    assertThat(ModelMath.weightBytes(m, Dtype.FP8).bytes()).isEqualTo(bf16 / 2);
    assertThat(ModelMath.weightBytes(m, Dtype.INT4).bytes()).isEqualTo(bf16 / 4);
  }

  @Test
  void slidingWindowCapsAttentionFlops() {
    ModelArch plain = model("mistral-7b");
    ModelArch windowed =
        HfConfigImporter.importConfig(
                "{\"model_type\":\"mistral\",\"hidden_size\":4096,\"intermediate_size\":14336,"
                    + "\"num_hidden_layers\":32,\"num_attention_heads\":32,\"num_key_value_heads\":8,"
                    + "\"vocab_size\":32000,\"max_position_embeddings\":32768,\"sliding_window\":4096}",
                "w")
            .arch()
            .orElseThrow();
    assertThat(ModelMath.attentionFlopsPerToken(windowed, 16384))
        .isEqualTo(ModelMath.attentionFlopsPerToken(windowed, 4096));
    assertThat(ModelMath.attentionFlopsPerToken(plain, 16384))
        .isEqualTo(4 * ModelMath.attentionFlopsPerToken(plain, 4096));
    // 2 x 32 layers x 32 heads x (128 + 128) x 1000 tokens.
    assertThat(ModelMath.attentionFlopsPerToken(plain, 1000)).isEqualTo(2.0 * 32 * 32 * 256 * 1000);
  }
}
