package dev.servplan.compiler.validate;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.SpellChecker;
import dev.servplan.compiler.ir.ModelDef;
import dev.servplan.compiler.ir.Val;
import dev.servplan.hwdb.catalog.AttentionKind;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.HfConfigImporter;
import dev.servplan.hwdb.catalog.HfImportResult;
import dev.servplan.hwdb.catalog.ModelArch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Resolves the spec's custom models: renamed catalog models, HF config files, explicit fields. */
public final class ModelResolver {
  /** config.json files are small; a cap keeps a mistaken path (a weights file) from being read. */
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  private final DiagnosticSink sink;
  private final Path baseDir;

  ModelResolver(DiagnosticSink sink, Path baseDir) {
    this.sink = sink;
    this.baseDir = baseDir;
  }

  Optional<ModelArch> resolve(ModelDef def) {
    ModelDef.Source source = def.source();
    if (source instanceof ModelDef.Base base) {
      return catalogModel(base.catalogId());
    }
    if (source instanceof ModelDef.HfConfig hf) {
      return hfConfig(def.name().value(), hf.path());
    }
    return explicit(def.name().value(), (ModelDef.Explicit) source);
  }

  /** The catalog model {@code id} names, or empty after reporting E0202 with a suggestion. */
  public Optional<ModelArch> catalogModel(Val<String> id) {
    Optional<ModelArch> arch = Catalogs.models().find(id.value());
    if (arch.isEmpty()) {
      Diagnostic d = Diagnostic.of(Code.E0202, id.span(), id.value());
      String suggestion = SpellChecker.closest(id.value(), Catalogs.models().namesForSuggestions());
      if (suggestion != null) {
        d =
            d.withHelp("did you mean '" + suggestion + "'?")
                .withFix(Fix.replace("replace with '" + suggestion + "'", id.span(), suggestion));
      } else {
        d = d.withHelp("see 'servplan models list' for the catalog");
      }
      sink.report(d);
    }
    return arch;
  }

  private Optional<ModelArch> hfConfig(String name, Val<String> pathValue) {
    Optional<String> text = readFile(pathValue, "hf_config");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    HfImportResult result = HfConfigImporter.importConfig(text.get(), name);
    if (!result.isOk()) {
      sink.report(
          Diagnostic.of(
              Code.E0207,
              pathValue.span(),
              "cannot import '"
                  + pathValue.value()
                  + "': "
                  + result.error().orElse("unknown error")));
      return Optional.empty();
    }
    return result.arch();
  }

  /** Reads a file named in the spec, relative to the spec's folder; reports if it cannot. */
  Optional<String> readFile(Val<String> pathValue, String what) {
    try {
      Path path = baseDir.resolve(pathValue.value());
      if (!Files.isRegularFile(path)) {
        sink.report(
            Diagnostic.of(
                    Code.E0008,
                    pathValue.span(),
                    what + " file '" + pathValue.value() + "' does not exist")
                .withHelp("paths are relative to the folder of the spec file"));
        return Optional.empty();
      }
      if (Files.size(path) > MAX_CONFIG_BYTES) {
        sink.report(
            Diagnostic.of(
                Code.E0008,
                pathValue.span(),
                what
                    + " file '"
                    + pathValue.value()
                    + "' is larger than 1 MiB; is it really a config.json?"));
        return Optional.empty();
      }
      return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
    } catch (IOException | InvalidPathException e) {
      sink.report(
          Diagnostic.of(
              Code.E0008,
              pathValue.span(),
              "cannot read " + what + " file '" + pathValue.value() + "': " + e.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<ModelArch> explicit(String name, ModelDef.Explicit e) {
    List<String> missing = new ArrayList<>();
    for (String key :
        List.of("layers", "hidden_size", "heads", "intermediate_size", "vocab_size")) {
      if (!e.numbers().containsKey(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      sink.report(
          Diagnostic.of(
                  Code.E0207, e.span(), "model '" + name + "' lacks " + String.join(", ", missing))
              .withHelp(
                  "give 'base: <catalog id>', 'hf_config: <path>', or every architecture field"));
      return Optional.empty();
    }
    int layers = num(e, "layers", 0);
    int hidden = num(e, "hidden_size", 0);
    int heads = num(e, "heads", 0);
    int kvHeads = num(e, "kv_heads", heads);
    int headDim = num(e, "head_dim", heads == 0 ? 0 : hidden / heads);
    boolean ok = true;
    for (String key :
        List.of("layers", "hidden_size", "heads", "intermediate_size", "vocab_size")) {
      if (num(e, key, 0) < 1) {
        sink.report(
            Diagnostic.of(
                Code.E0301,
                e.numbers().get(key).span(),
                key,
                num(e, key, 0),
                "must be at least 1"));
        ok = false;
      }
    }
    if (ok && (kvHeads < 1 || heads % kvHeads != 0)) {
      sink.report(
          Diagnostic.of(
              Code.E0207,
              e.numbers().containsKey("kv_heads") ? e.numbers().get("kv_heads").span() : e.span(),
              "kv_heads (" + kvHeads + ") must divide heads (" + heads + ")"));
      ok = false;
    }
    AttentionKind attention = kvHeads == heads ? AttentionKind.MHA : AttentionKind.GQA;
    Val<String> attentionWord = e.words().get("attention");
    if (attentionWord != null) {
      try {
        attention = AttentionKind.valueOf(attentionWord.value().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        sink.report(
            Diagnostic.of(
                Code.E0107,
                attentionWord.span(),
                attentionWord.value(),
                "attention kind",
                "mha, gqa, mla"));
        ok = false;
      }
    }
    Dtype dtype = Dtype.BF16;
    Val<String> dtypeWord = e.words().get("dtype");
    if (dtypeWord != null) {
      Optional<Dtype> parsed = Dtype.parse(dtypeWord.value());
      if (parsed.isEmpty()) {
        sink.report(
            Diagnostic.of(
                Code.E0107, dtypeWord.span(), dtypeWord.value(), "dtype", "bf16, fp16, fp32"));
        ok = false;
      } else {
        dtype = parsed.get();
      }
    }
    int experts = num(e, "experts", 0);
    int perToken = num(e, "experts_per_token", experts > 0 ? 2 : 0);
    if (experts > 0 && (perToken < 1 || perToken > experts)) {
      sink.report(
          Diagnostic.of(
              Code.E0207,
              e.span(),
              "experts_per_token ("
                  + perToken
                  + ") must be between 1 and experts ("
                  + experts
                  + ")"));
      ok = false;
    }
    if (attention == AttentionKind.MLA && num(e, "kv_lora_rank", 0) < 1) {
      sink.report(Diagnostic.of(Code.E0207, e.span(), "attention mla needs kv_lora_rank"));
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    int intermediate = num(e, "intermediate_size", 0);
    return Optional.of(
        new ModelArch(
            name,
            name,
            "custom",
            List.of(),
            layers,
            hidden,
            heads,
            kvHeads,
            headDim,
            intermediate,
            num(e, "vocab_size", 0),
            num(e, "max_context", 8192),
            attention,
            experts,
            perToken,
            num(e, "moe_intermediate_size", experts > 0 ? intermediate : 0),
            num(e, "shared_experts", 0),
            num(e, "dense_layers", 0),
            num(e, "kv_lora_rank", 0),
            num(e, "qk_rope_head_dim", 0),
            true,
            false,
            dtype,
            0.0,
            "spec"));
  }

  private static int num(ModelDef.Explicit e, String key, int fallback) {
    Val<Long> v = e.numbers().get(key);
    return v == null ? fallback : (int) Math.min(Integer.MAX_VALUE, v.value());
  }
}
