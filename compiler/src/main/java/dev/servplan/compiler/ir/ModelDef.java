package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A custom model declared in the spec's {@code models} section. */
public record ModelDef(Val<String> name, Span span, Source source) {
  public ModelDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(source, "source");
  }

  /** Where the architecture comes from. */
  public sealed interface Source permits Base, HfConfig, Explicit {
    Span span();
  }

  /** A catalog model, renamed ({@code {base: llama-3.1-70b}}). */
  public record Base(Val<String> catalogId, Span span) implements Source {}

  /** A HuggingFace config.json, relative to the spec file. */
  public record HfConfig(Val<String> path, Span span) implements Source {}

  /**
   * Architecture fields written out; keys as in the spec ({@code layers}, {@code hidden_size},
   * ...), integer values, plus the text fields {@code attention} and {@code dtype}.
   */
  public record Explicit(Map<String, Val<Long>> numbers, Map<String, Val<String>> words, Span span)
      implements Source {
    public Explicit {
      numbers = Collections.unmodifiableMap(new TreeMap<>(numbers));
      words = Collections.unmodifiableMap(new TreeMap<>(words));
    }

    /** The keys an explicit definition may use. */
    public static final List<String> NUMBER_KEYS =
        List.of(
            "layers",
            "hidden_size",
            "heads",
            "kv_heads",
            "head_dim",
            "intermediate_size",
            "vocab_size",
            "max_context",
            "experts",
            "experts_per_token",
            "moe_intermediate_size",
            "shared_experts",
            "dense_layers",
            "kv_lora_rank",
            "qk_rope_head_dim");

    public static final List<String> WORD_KEYS = List.of("attention", "dtype");
  }
}
