package dev.servplan.compiler.technique.kvcompression;

import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.lower.MapReader;
import dev.servplan.compiler.lower.Scalars;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The spec side of lossy KV-cache compression. {@code options.kv_compression} is a toggle ({@code
 * auto}, {@code never}, {@code always}), a format as shorthand for {@code {max: FORMAT}} (so that
 * {@code --option kv_compression=int4} works), or the tolerance map {@code {max: int4,
 * eviction_budget: 2048}}. A tolerance lowers to {@code auto} with the {@link KvTolerance}
 * attached.
 */
public final class KvCompressionSpec implements TechniqueSpec {
  static final List<String> KEYS = List.of("max", "eviction_budget");

  /**
   * KV-cache formats a deployment may list in {@code precision.kv_cache}; lower ones are allowed
   * only through the tolerance.
   */
  static final Set<Dtype> REQUIRABLE =
      Set.of(Dtype.FP32, Dtype.BF16, Dtype.FP16, Dtype.FP8, Dtype.INT8);

  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  /**
   * Only the fp8 step: vLLM --kv-cache-dtype fp8 (docs.vllm.ai "Quantized KV Cache"), SGLang
   * --kv-cache-dtype fp8_e4m3, TensorRT-LLM KvCacheConfig(dtype='fp8'); none runs KIVI int4/int2 or
   * an eviction budget, which {@link KvTolerance#engineRuns}/{@link KvTolerance#engineEvicts}
   * withhold per feature.
   */
  @Override
  public boolean runsOn(Engine engine) {
    return true;
  }

  /**
   * The compressed KV formats the solver may add beyond a deployment's {@code precision.kv_cache}:
   * those the spec's tolerance allows and the target engine runs, none when the technique is {@code
   * never} or the spec states no tolerance.
   */
  public static List<Dtype> formats(Options options) {
    Optional<KvTolerance> tolerance = KvTolerance.of(options);
    if (options.effective(Technique.KV_COMPRESSION) == Toggle.NEVER || tolerance.isEmpty()) {
      return List.of();
    }
    return tolerance.get().formats().stream()
        .filter(d -> KvTolerance.engineRuns(options.engine().value(), d))
        .toList();
  }

  /**
   * The per-request KV budget the solver may impose ({@code eviction_budget}), if the technique is
   * allowed, the spec states one and the target engine can evict.
   */
  public static OptionalLong evictionBudget(Options options) {
    Optional<KvTolerance> tolerance = KvTolerance.of(options);
    if (options.effective(Technique.KV_COMPRESSION) == Toggle.NEVER
        || tolerance.isEmpty()
        || !KvTolerance.engineEvicts(options.engine().value())) {
      return OptionalLong.empty();
    }
    return tolerance.get().budget();
  }

  @Override
  public Optional<OptionValue> lowerOption(Node node, Scalars scalars, DiagnosticSink sink) {
    if (node instanceof MapNode map) {
      MapReader reader = new MapReader(map, "kv_compression", KEYS, sink);
      Optional<Val<Dtype>> max =
          reader
              .optional("max")
              .flatMap(
                  n ->
                      scalars.choice(
                          n,
                          "kv_compression max format",
                          KvTolerance.MAX_IDS,
                          id -> Dtype.parse(id).orElseThrow()));
      Optional<Val<Integer>> budget =
          reader
              .optional("eviction_budget")
              .flatMap(
                  n ->
                      scalars.integer(
                          n, "eviction_budget", KvTolerance.MIN_BUDGET, KvTolerance.MAX_BUDGET));
      KvTolerance tolerance = new KvTolerance(max, budget, map.span());
      if (map.entries().isEmpty()) {
        sink.report(
            Diagnostic.of(
                    Code.W0004,
                    map.span(),
                    "kv_compression {}: an empty tolerance allows no compression")
                .withHelp("write for example kv_compression: {max: int4, eviction_budget: 2048}"));
      }
      return Optional.of(
          new OptionValue(new Val<>(Toggle.AUTO, map.span()), Optional.of(tolerance)));
    }
    Optional<Val<String>> word = scalars.choice(node, "kv_compression mode", values(), id -> id);
    if (word.isEmpty()) {
      return Optional.empty();
    }
    Val<String> w = word.get();
    if (TOGGLES.contains(w.value())) {
      Val<Toggle> toggle = new Val<>(Toggle.valueOf(w.value().toUpperCase(Locale.ROOT)), w.span());
      if (toggle.value() == Toggle.ALWAYS) {
        sink.report(
            Diagnostic.of(
                    Code.W0004,
                    w.span(),
                    "kv_compression always: without a tolerance no KV compression is allowed, so"
                        + " plans never use it")
                .withHelp(
                    "state what quality loss is acceptable, e.g. kv_compression: {max: int4,"
                        + " eviction_budget: 2048}"));
      }
      return Optional.of(OptionValue.of(toggle));
    }
    Val<Dtype> max = new Val<>(Dtype.parse(w.value()).orElseThrow(), w.span());
    return Optional.of(
        new OptionValue(
            new Val<>(Toggle.AUTO, w.span()),
            Optional.of(new KvTolerance(Optional.of(max), Optional.empty(), w.span()))));
  }

  /** The scalar values of the option: the toggles, then the format shorthands. */
  private static List<String> values() {
    List<String> values = new ArrayList<>(TOGGLES);
    values.addAll(KvTolerance.MAX_IDS);
    return List.copyOf(values);
  }

  @Override
  public Optional<Completion> completion() {
    return Optional.of(
        new Completion(
            values(), "KV compression: a toggle, or the least precise KV format allowed"));
  }

  /** Warns when the target engine cannot run part of the tolerance, which then has no effect. */
  @Override
  public void checkOptions(Options options, DiagnosticSink sink) {
    Val<Engine> engine = options.engine();
    Optional<KvTolerance> tolerance = KvTolerance.of(options);
    if (tolerance.isEmpty() || engine.value() == Engine.ANY) {
      return;
    }
    tolerance
        .get()
        .evictionBudget()
        .filter(b -> !KvTolerance.engineEvicts(engine.value()))
        .ifPresent(
            b ->
                sink.report(
                    Diagnostic.of(
                            Code.W0004,
                            b.span(),
                            "eviction_budget "
                                + b.value()
                                + ": the target engine "
                                + engine.value().title()
                                + " cannot evict KV tokens, so plans keep every token")
                        .withRelated(new Related(engine.span(), "the target engine is chosen here"))
                        .withHelp("compile with engine any to plan with the budget")));
  }

  /** A lossy format in {@code precision.kv_cache} is compression the spec cannot require. */
  @Override
  public void checkDeployment(Deployment deployment, DiagnosticSink sink) {
    for (Val<Dtype> k : deployment.kvCache()) {
      if (!REQUIRABLE.contains(k.value())) {
        sink.report(
            Diagnostic.of(
                    Code.E0206,
                    k.span(),
                    "kv_cache precision '"
                        + k.value().id()
                        + "' is lossy KV compression, not a precision the spec can require")
                .withHelp(
                    "list bf16, fp16, fp8 or int8 here and allow "
                        + k.value().id()
                        + " with options.kv_compression: {max: "
                        + k.value().id()
                        + "}"));
      }
    }
  }
}
