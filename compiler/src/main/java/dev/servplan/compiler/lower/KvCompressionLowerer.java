package dev.servplan.compiler.lower;

import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.KvTolerance;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lowers {@code options.kv_compression}: a toggle ({@code auto}, {@code never}, {@code always}), a
 * format as shorthand for {@code {max: FORMAT}} (so that {@code --option kv_compression=int4}
 * works), or the tolerance map {@code {max: int4, eviction_budget: 2048}}. A tolerance lowers to
 * {@code auto} with the tolerance attached.
 */
final class KvCompressionLowerer {
  static final List<String> KEYS = List.of("max", "eviction_budget");

  static final List<String> TOGGLES = List.of("auto", "never", "always");

  private KvCompressionLowerer() {}

  /** The lowered option: its toggle and its tolerance, if any. */
  record Lowered(Val<Toggle> toggle, Optional<KvTolerance> tolerance) {}

  static Optional<Lowered> lower(Node node, Scalars scalars, DiagnosticSink sink) {
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
      return Optional.of(new Lowered(new Val<>(Toggle.AUTO, map.span()), Optional.of(tolerance)));
    }
    List<String> ids = new ArrayList<>(TOGGLES);
    ids.addAll(KvTolerance.MAX_IDS);
    Optional<Val<String>> word = scalars.choice(node, "kv_compression mode", ids, id -> id);
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
      return Optional.of(new Lowered(toggle, Optional.empty()));
    }
    Val<Dtype> max = new Val<>(Dtype.parse(w.value()).orElseThrow(), w.span());
    return Optional.of(
        new Lowered(
            new Val<>(Toggle.AUTO, w.span()),
            Optional.of(new KvTolerance(Optional.of(max), Optional.empty(), w.span()))));
  }

  /** Warns when the target engine cannot run part of the tolerance, which then has no effect. */
  static void checkEngine(
      Optional<KvTolerance> tolerance, Val<Engine> engine, DiagnosticSink sink) {
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
                        .withRelated(
                            new dev.servplan.compiler.diag.Related(
                                engine.span(), "the target engine is chosen here"))
                        .withHelp("compile with engine any to plan with the budget")));
  }
}
