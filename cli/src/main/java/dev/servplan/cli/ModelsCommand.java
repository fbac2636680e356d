package dev.servplan.cli;

import static dev.servplan.cli.HwCommand.CatalogOutput.num;

import dev.servplan.cli.HwCommand.CatalogOutput;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan models}: the bundled model-architecture catalog with derived sizes. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Show the model catalog with parameter counts, KV-cache and weight sizes.",
    subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.ShowCommand.class})
public final class ModelsCommand implements Runnable {
  /** Weight formats `models show` sizes the model at. */
  private static final List<Dtype> WEIGHT_DTYPES =
      List.of(Dtype.FP32, Dtype.BF16, Dtype.FP8, Dtype.INT4);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code servplan models list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bundled models.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    CatalogOutput.Format format;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<List<String>> rows = new ArrayList<>();
      List<Map<String, Object>> json = new ArrayList<>();
      rows.add(
          CatalogOutput.row(
              "ID",
              "FAMILY",
              "PARAMS",
              "ACTIVE",
              "LAYERS",
              "ATTENTION",
              "KV/TOKEN BF16",
              "CONTEXT"));
      for (ModelArch m : Catalogs.models().all()) {
        rows.add(
            CatalogOutput.row(
                m.id(),
                m.family(),
                CatalogOutput.billions(ModelMath.parameterCount(m)),
                CatalogOutput.billions(ModelMath.activeParameterCount(m)),
                Integer.toString(m.layers()),
                m.attention().name().toLowerCase(Locale.ROOT),
                num(ModelMath.kvBytesPerToken(m, Dtype.BF16).bytes() / 1024) + "KiB",
                Integer.toString(m.maxContext())));
        json.add(modelJson(m));
      }
      if (format == CatalogOutput.Format.json) {
        CatalogOutput.json(out, json);
      } else {
        CatalogOutput.table(out, rows);
      }
      return 0;
    }
  }

  /** {@code servplan models show ID}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show every field of a model and its derived sizes.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "model id or alias (llama-3.1-70b, mixtral).")
    String id;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    CatalogOutput.Format format;

    @Override
    public Integer call() {
      Optional<ModelArch> model = Catalogs.models().find(id);
      if (model.isEmpty()) {
        return CatalogOutput.unknown(
            spec.commandLine().getErr(),
            "model",
            id,
            Catalogs.models().namesForSuggestions(),
            "servplan models list");
      }
      Map<String, Object> json = modelJson(model.get());
      if (format == CatalogOutput.Format.json) {
        CatalogOutput.json(spec.commandLine().getOut(), json);
      } else {
        CatalogOutput.fields(spec.commandLine().getOut(), HwCommand.flatten(json));
      }
      return 0;
    }
  }

  static Map<String, Object> modelJson(ModelArch m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("display_name", m.displayName());
    j.put("family", m.family());
    j.put("aliases", m.aliases());
    j.put("layers", m.layers());
    j.put("hidden_size", m.hiddenSize());
    j.put("heads", m.heads());
    j.put("kv_heads", m.kvHeads());
    j.put("head_dim", m.headDim());
    j.put("v_head_dim", m.vHeadDim());
    j.put("intermediate_size", m.intermediateSize());
    j.put("vocab_size", m.vocabSize());
    j.put("max_context", m.maxContext());
    j.put("sliding_window", m.slidingWindow());
    j.put("attention", m.attention().name().toLowerCase(Locale.ROOT));
    j.put("experts", m.experts());
    j.put("experts_per_token", m.expertsPerToken());
    j.put("moe_intermediate_size", m.moeIntermediateSize());
    j.put("shared_experts", m.sharedExperts());
    j.put("dense_layers", m.denseLayers());
    j.put("q_lora_rank", m.qLoraRank());
    j.put("kv_lora_rank", m.kvLoraRank());
    j.put("qk_nope_head_dim", m.qkNopeHeadDim());
    j.put("qk_rope_head_dim", m.qkRopeHeadDim());
    j.put("gated_mlp", m.gatedMlp());
    j.put("parallel_attention", m.parallelAttention());
    j.put("tied_embeddings", m.tiedEmbeddings());
    j.put("native_dtype", m.nativeDtype().id());
    j.put("published_params_b", m.publishedParamsB());
    j.put("params", ModelMath.parameterCount(m));
    j.put("active_params", ModelMath.activeParameterCount(m));
    Map<String, Object> kv = new LinkedHashMap<>();
    kv.put("bf16", ModelMath.kvBytesPerToken(m, Dtype.BF16).bytes());
    kv.put("fp8", ModelMath.kvBytesPerToken(m, Dtype.FP8).bytes());
    j.put("kv_bytes_per_token", kv);
    Map<String, Object> weights = new LinkedHashMap<>();
    for (Dtype d : WEIGHT_DTYPES) {
      weights.put(d.id(), HwCommand.round(ModelMath.weightBytes(m, d).gib()));
    }
    j.put("weight_gib", weights);
    j.put("source", m.source());
    return j;
  }
}
