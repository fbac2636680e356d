package dev.servplan.hwdb.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a HuggingFace {@code config.json} into a {@link ModelArch}. Supported families, chosen by
 * {@code model_type} (or, when absent, {@code architectures[0]}): llama, mistral, mixtral, qwen2,
 * qwen2_moe, deepseek_v2, deepseek_v3, gptj and falcon. Field names and defaults follow the
 * transformers configuration classes of those families ({@code LlamaConfig}, {@code FalconConfig},
 * ...), which is what a config.json that omits a key means.
 */
public final class HfConfigImporter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** model_type by the class name in {@code architectures}, for configs without model_type. */
  private static final Map<String, String> BY_ARCHITECTURE =
      new TreeMap<>(
          Map.of(
              "LlamaForCausalLM", "llama",
              "MistralForCausalLM", "mistral",
              "MixtralForCausalLM", "mixtral",
              "Qwen2ForCausalLM", "qwen2",
              "Qwen2MoeForCausalLM", "qwen2_moe",
              "DeepseekV2ForCausalLM", "deepseek_v2",
              "DeepseekV3ForCausalLM", "deepseek_v3",
              "GPTJForCausalLM", "gptj",
              "FalconForCausalLM", "falcon"));

  /** The supported model_type values, sorted, for the error message. */
  public static final List<String> SUPPORTED =
      List.of(
          "deepseek_v2",
          "deepseek_v3",
          "falcon",
          "gptj",
          "llama",
          "mistral",
          "mixtral",
          "qwen2",
          "qwen2_moe");

  private HfConfigImporter() {}

  /**
   * Imports {@code json}; {@code nameForErrors} labels messages and becomes the id and display name
   * of the result (lower-cased for the id). Never throws for bad input.
   */
  public static HfImportResult importConfig(String json, String nameForErrors) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return HfImportResult.failure(nameForErrors + ": not valid JSON: " + e.getOriginalMessage());
    }
    return importTree(root, nameForErrors);
  }

  /** Imports an already parsed config (the model catalog stores configs inline in YAML). */
  static HfImportResult importTree(JsonNode root, String name) {
    if (root == null || !root.isObject()) {
      return HfImportResult.failure(name + ": a config.json must be a JSON object");
    }
    String type = modelType(root);
    if (type == null) {
      return HfImportResult.failure(
          name
              + ": config has neither 'model_type' nor a known "
              + "'architectures' entry; supported model_type values: "
              + String.join(", ", SUPPORTED));
    }
    if (!SUPPORTED.contains(type)) {
      String hint =
          root.has("text_config")
              ? " (a multimodal config: its text model sits under " + "'text_config')"
              : "";
      return HfImportResult.failure(
          name
              + ": unsupported model_type '"
              + type
              + "'"
              + hint
              + "; supported: "
              + String.join(", ", SUPPORTED));
    }
    Reader r = new Reader(root, name);
    ModelArch arch;
    switch (type) {
      case "gptj":
        arch = gptj(r, name);
        break;
      case "falcon":
        arch = falcon(r, name);
        break;
      case "deepseek_v2":
      case "deepseek_v3":
        arch = deepseek(r, name, type);
        break;
      default:
        arch = llamaLike(r, name, type);
        break;
    }
    if (r.errors.isEmpty()) {
      checkShape(arch, r.errors);
    }
    if (!r.errors.isEmpty()) {
      return HfImportResult.failure(
          name + " (model_type '" + type + "'): " + String.join("; ", r.errors));
    }
    return HfImportResult.success(arch, r.notes);
  }

  private static String modelType(JsonNode root) {
    JsonNode type = root.get("model_type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    JsonNode archs = root.get("architectures");
    if (archs != null && archs.isArray() && archs.size() > 0) {
      return BY_ARCHITECTURE.get(archs.get(0).asText());
    }
    return null;
  }

  /**
   * llama, mistral, mixtral, qwen2 and qwen2_moe share the Llama layout with a gated (SwiGLU) MLP.
   */
  private static ModelArch llamaLike(Reader r, String name, String type) {
    int hidden = r.required("hidden_size");
    int layers = r.required("num_hidden_layers");
    int heads = r.required("num_attention_heads");
    int kvHeads = r.optional("num_key_value_heads", heads);
    int headDim = r.optional("head_dim", heads > 0 ? hidden / heads : 0);
    int intermediate = r.required("intermediate_size");
    int experts = 0;
    int perToken = 0;
    int moeWidth = 0;
    int shared = 0;
    if (type.equals("mixtral")) {
      experts = r.required("num_local_experts");
      perToken = r.required("num_experts_per_tok");
      moeWidth = intermediate;
    } else if (type.equals("qwen2_moe")) {
      experts = r.required("num_experts");
      perToken = r.required("num_experts_per_tok");
      moeWidth = r.required("moe_intermediate_size");
      int sharedWidth = r.optional("shared_expert_intermediate_size", 0);
      // The shared expert is one wide FFN; count it as whole experts of the routed width.
      if (moeWidth > 0 && sharedWidth % moeWidth != 0) {
        r.errors.add(
            "shared_expert_intermediate_size "
                + sharedWidth
                + " is not a multiple of moe_intermediate_size "
                + moeWidth);
      } else if (moeWidth > 0) {
        shared = sharedWidth / moeWidth;
      }
      if (r.optional("decoder_sparse_step", 1) != 1 || nonEmpty(r.root.get("mlp_only_layers"))) {
        r.errors.add(
            "only every-layer MoE is supported (decoder_sparse_step 1, no mlp_only_layers)");
      }
    }
    int window = 0;
    boolean slidingApplies = !type.startsWith("qwen2") || r.flag("use_sliding_window", false);
    JsonNode sw = r.root.get("sliding_window");
    if (slidingApplies && sw != null && sw.isInt()) {
      window = sw.asInt();
    }
    AttentionKind attention = kvHeads == heads ? AttentionKind.MHA : AttentionKind.GQA;
    return new ModelArch(
        id(name),
        name,
        type,
        List.of(),
        layers,
        hidden,
        heads,
        kvHeads,
        headDim,
        intermediate,
        r.required("vocab_size"),
        r.required("max_position_embeddings"),
        attention,
        experts,
        perToken,
        moeWidth,
        shared,
        0,
        0,
        0,
        true,
        r.flag("tie_word_embeddings", false),
        r.dtype(),
        0,
        "config.json",
        0,
        0,
        headDim,
        window,
        false);
  }

  private static ModelArch deepseek(Reader r, String name, String type) {
    int hidden = r.required("hidden_size");
    int heads = r.required("num_attention_heads");
    int nope = r.required("qk_nope_head_dim");
    int rope = r.required("qk_rope_head_dim");
    JsonNode qLora = r.root.get("q_lora_rank");
    // DeepSeek-V2-Lite sets q_lora_rank to null: a full-rank query projection.
    int qLoraRank = qLora == null || qLora.isNull() ? 0 : r.required("q_lora_rank");
    if (r.optional("moe_layer_freq", 1) != 1) {
      r.errors.add("only moe_layer_freq 1 is supported");
    }
    JsonNode mtp = r.root.get("num_nextn_predict_layers");
    if (mtp != null && mtp.asInt() > 0) {
      r.notes.add(
          "the "
              + mtp.asInt()
              + " multi-token-prediction layer(s) are not counted: "
              + "serving engines load them only for speculative decoding");
    }
    return new ModelArch(
        id(name),
        name,
        type,
        List.of(),
        r.required("num_hidden_layers"),
        hidden,
        heads,
        r.optional("num_key_value_heads", heads),
        nope + rope,
        r.required("intermediate_size"),
        r.required("vocab_size"),
        r.required("max_position_embeddings"),
        AttentionKind.MLA,
        r.required("n_routed_experts"),
        r.required("num_experts_per_tok"),
        r.required("moe_intermediate_size"),
        r.optional("n_shared_experts", 0),
        r.optional("first_k_dense_replace", 0),
        r.required("kv_lora_rank"),
        rope,
        true,
        r.flag("tie_word_embeddings", false),
        r.dtype(),
        0,
        "config.json",
        qLoraRank,
        nope,
        r.required("v_head_dim"),
        0,
        false);
  }

  /** GPT-J: one attention block (no biases) in parallel with a plain GELU MLP of width n_inner. */
  private static ModelArch gptj(Reader r, String name) {
    int hidden = r.required("n_embd");
    int heads = r.required("n_head");
    JsonNode inner = r.root.get("n_inner");
    int intermediate = inner == null || inner.isNull() ? 4 * hidden : r.required("n_inner");
    int headDim = heads > 0 ? hidden / heads : 0;
    return new ModelArch(
        id(name),
        name,
        "gptj",
        List.of(),
        r.required("n_layer"),
        hidden,
        heads,
        heads,
        headDim,
        intermediate,
        r.required("vocab_size"),
        r.optional("n_positions", 2048),
        AttentionKind.MHA,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        false,
        r.flag("tie_word_embeddings", false),
        r.dtype(),
        0,
        "config.json",
        0,
        0,
        headDim,
        0,
        true);
  }

  /** Falcon: parallel attention, plain GELU MLP, multi-query or (new decoder) grouped KV heads. */
  private static ModelArch falcon(Reader r, String name) {
    int hidden = r.required("hidden_size");
    int heads = r.required("num_attention_heads");
    int kvHeads;
    if (r.flag("new_decoder_architecture", false)) {
      kvHeads = r.optional("num_kv_heads", heads);
    } else {
      kvHeads = r.flag("multi_query", true) ? 1 : heads;
    }
    if (r.flag("alibi", false)) {
      r.notes.add("alibi positions: no rotary embedding, same parameter count");
    }
    int headDim = heads > 0 ? hidden / heads : 0;
    JsonNode ffn = r.root.get("ffn_hidden_size");
    int intermediate = ffn == null || ffn.isNull() ? 4 * hidden : r.required("ffn_hidden_size");
    return new ModelArch(
        id(name),
        name,
        "falcon",
        List.of(),
        r.required("num_hidden_layers"),
        hidden,
        heads,
        kvHeads,
        headDim,
        intermediate,
        r.required("vocab_size"),
        r.optional("max_position_embeddings", 2048),
        kvHeads == heads ? AttentionKind.MHA : AttentionKind.GQA,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        false,
        r.flag("tie_word_embeddings", true),
        r.dtype(),
        0,
        "config.json",
        0,
        0,
        headDim,
        0,
        r.flag("parallel_attn", true));
  }

  /** Shapes the parameter and KV formulas cannot use (zero sizes, KV heads that do not group). */
  private static void checkShape(ModelArch a, List<String> errors) {
    if (a.layers() <= 0
        || a.hiddenSize() <= 0
        || a.heads() <= 0
        || a.vocabSize() <= 0
        || a.headDim() <= 0) {
      errors.add("layers, hidden size, heads, head dim and vocab size must be positive");
    } else if (a.kvHeads() <= 0 || a.heads() % a.kvHeads() != 0) {
      errors.add("key-value heads " + a.kvHeads() + " must divide attention heads " + a.heads());
    }
    if (a.isMoe() && (a.expertsPerToken() <= 0 || a.expertsPerToken() > a.experts())) {
      errors.add(
          "experts per token " + a.expertsPerToken() + " must be between 1 and " + a.experts());
    }
    if (a.denseLayers() > a.layers()) {
      errors.add("dense layers " + a.denseLayers() + " exceed layers " + a.layers());
    }
  }

  private static boolean nonEmpty(JsonNode list) {
    return list != null && list.isArray() && list.size() > 0;
  }

  private static String id(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  /** Reads typed fields, collecting errors and the defaults it had to assume. */
  private static final class Reader {
    final JsonNode root;
    final String name;
    final List<String> errors = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Reader(JsonNode root, String name) {
      this.root = root;
      this.name = name;
    }

    int required(String key) {
      JsonNode v = root.get(key);
      if (v == null || v.isNull()) {
        errors.add("missing '" + key + "'");
        return 0;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
        errors.add("'" + key + "' must be a non-negative integer, found " + v);
        return 0;
      }
      return v.asInt();
    }

    int optional(String key, int fallback) {
      JsonNode v = root.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      return required(key);
    }

    boolean flag(String key, boolean fallback) {
      JsonNode v = root.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      if (!v.isBoolean()) {
        errors.add("'" + key + "' must be true or false, found " + v);
        return fallback;
      }
      return v.asBoolean();
    }

    /** The checkpoint dtype: an fp8 quantization_config wins over torch_dtype (DeepSeek-V3). */
    Dtype dtype() {
      JsonNode quant = root.get("quantization_config");
      if (quant != null && "fp8".equals(quant.path("quant_method").asText())) {
        return Dtype.FP8;
      }
      JsonNode v = root.has("torch_dtype") ? root.get("torch_dtype") : root.get("dtype");
      if (v == null || v.isNull()) {
        notes.add("no torch_dtype: assumed bf16");
        return Dtype.BF16;
      }
      var parsed = Dtype.parse(v.asText());
      if (parsed.isEmpty()) {
        errors.add("torch_dtype '" + v.asText() + "' is not a known dtype");
        return Dtype.BF16;
      }
      return parsed.get();
    }
  }
}
