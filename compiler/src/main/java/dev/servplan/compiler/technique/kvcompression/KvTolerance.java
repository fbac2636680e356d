package dev.servplan.compiler.technique.kvcompression;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueOptions;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The quality tolerance of {@code options.kv_compression: {max: int4, eviction_budget: 2048}}: the
 * most aggressive KV quantization the spec accepts beyond its {@code precision.kv_cache} formats,
 * and the most KV tokens a request may keep when older tokens are evicted. Either may be absent;
 * without a tolerance the technique allows nothing (docs/techniques.md).
 *
 * @param max the lowest-precision KV format allowed: fp8 or int8 (8 bits), int4, int2 (KIVI)
 * @param evictionBudget the most KV tokens kept per request (H2O heavy hitters plus recent tokens)
 */
public record KvTolerance(
    Optional<Val<Dtype>> max, Optional<Val<Integer>> evictionBudget, Span span)
    implements TechniqueOptions {
  /** The formats kv_compression may add, from the most to the least precise. */
  public static final List<Dtype> LADDER = List.of(Dtype.FP8, Dtype.INT8, Dtype.INT4, Dtype.INT2);

  /** Spellings accepted for {@code max}. */
  public static final List<String> MAX_IDS = LADDER.stream().map(Dtype::id).toList();

  /** Smallest and largest eviction budget accepted, in tokens. */
  public static final int MIN_BUDGET = 16;

  public static final int MAX_BUDGET = 10_000_000;

  public KvTolerance {
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(evictionBudget, "evictionBudget");
    Objects.requireNonNull(span, "span");
  }

  /** The tolerance the spec's options state, if any. */
  public static Optional<KvTolerance> of(Options options) {
    return options.techniqueOptions(Technique.KV_COMPRESSION, KvTolerance.class);
  }

  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  /**
   * The KV formats the tolerance allows: every format of {@link #LADDER} with at least as many bits
   * as {@code max} (fp8 and int8 are one 8-bit level), none without {@code max}.
   */
  public List<Dtype> formats() {
    List<Dtype> out = new ArrayList<>();
    max.ifPresent(
        m -> {
          for (Dtype d : LADDER) {
            if (d.bytesPerElement() >= m.value().bytesPerElement()) {
              out.add(d);
            }
          }
        });
    return List.copyOf(out);
  }

  /** The eviction budget in tokens, if the tolerance allows eviction. */
  public OptionalLong budget() {
    return evictionBudget.map(v -> OptionalLong.of(v.value())).orElse(OptionalLong.empty());
  }

  /** Whether the tolerance allows anything at all. */
  public boolean allowsAnything() {
    return max.isPresent() || evictionBudget.isPresent();
  }

  /**
   * Whether the engine runs a KV cache in this compressed format: vLLM ({@code --kv-cache-dtype
   * fp8}), SGLang ({@code --kv-cache-dtype fp8_e4m3}) and TensorRT-LLM ({@code KvCacheConfig.dtype:
   * fp8}) store fp8 KV; none of them runs KIVI's int4/int2 group formats, and servplan's emitters
   * offer no int8 KV cache (docs/emit.md).
   */
  public static boolean engineRuns(Engine engine, Dtype format) {
    return engine == Engine.ANY || format == Dtype.FP8;
  }

  /** Whether the engine can bound a request's KV by evicting tokens: none of the three can. */
  public static boolean engineEvicts(Engine engine) {
    return engine == Engine.ANY;
  }

  /** The canonical text, as the IR printer and explain show it. */
  @Override
  public String text() {
    List<String> parts = new ArrayList<>();
    max.ifPresent(m -> parts.add("max=" + m.value().id()));
    evictionBudget.ifPresent(b -> parts.add("eviction_budget=" + b.value()));
    return "{" + String.join(",", parts) + "}";
  }
}
