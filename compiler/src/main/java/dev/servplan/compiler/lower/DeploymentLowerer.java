package dev.servplan.compiler.lower;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.ir.Arrival;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.ir.Workload;
import dev.servplan.compiler.technique.BlockSpec;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.hwdb.unit.Rate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Lowers one item of {@code deployments}. */
final class DeploymentLowerer {
  /** The deployment's own keys, then the keys of the techniques that add a block. */
  static final List<String> KEYS = keys();

  static final List<String> WORKLOAD_KEYS =
      List.of("rate", "arrival", "input_tokens", "output_tokens", "prefix");
  static final List<String> DIST_KEYS = List.of("dist", "mean", "p50", "p99", "min", "max");
  static final List<String> SLO_KEYS = List.of("ttft", "tpot", "e2e", "attainment");
  static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99");
  static final List<String> DTYPES = Arrays.stream(Dtype.values()).map(Dtype::id).toList();

  /** When a spec names no attainment, 99% of requests must meet every target. */
  static final Fraction DEFAULT_ATTAINMENT = Fraction.ofPercent(99);

  private static final double MAX_TOKENS = 10_000_000;

  private final DiagnosticSink sink;
  private final Scalars scalars;

  private static List<String> keys() {
    List<String> keys =
        new ArrayList<>(List.of("name", "model", "pools", "precision", "workload", "slo"));
    keys.addAll(TechniqueSpecs.blockKeys());
    return List.copyOf(keys);
  }

  DeploymentLowerer(DiagnosticSink sink, Scalars scalars) {
    this.sink = sink;
    this.scalars = scalars;
  }

  Optional<Deployment> lower(MapNode map) {
    String label = map.get("name").map(Scalars::text).orElse("?");
    String where = "deployment '" + label + "'";
    MapReader reader = new MapReader(map, where, KEYS, sink);
    Optional<Val<String>> name =
        reader.required("name").flatMap(n -> scalars.name(n, "deployment"));
    Optional<Val<String>> model = reader.required("model").flatMap(n -> scalars.word(n, "model"));
    List<Val<String>> pools =
        reader.optional("pools").map(n -> words(n, "pools")).orElse(List.of());
    List<Val<Dtype>> weights = new ArrayList<>();
    List<Val<Dtype>> kvCache = new ArrayList<>();
    reader
        .optional("precision")
        .ifPresent(
            n -> {
              if (!(n instanceof MapNode precision)) {
                sink.report(
                    Diagnostic.of(
                        Code.E0103,
                        n.span(),
                        "a map with 'weights' and/or 'kv_cache'",
                        "precision",
                        n.describe()));
                return;
              }
              MapReader p =
                  new MapReader(precision, "precision", List.of("weights", "kv_cache"), sink);
              p.optional("weights").ifPresent(w -> weights.addAll(dtypes(w, "weights")));
              p.optional("kv_cache").ifPresent(k -> kvCache.addAll(dtypes(k, "kv_cache")));
            });
    Optional<Workload> workload = reader.required("workload").flatMap(n -> lowerWorkload(n));
    Optional<Slo> slo = reader.required("slo").flatMap(n -> lowerSlo(n, where));
    Map<Technique, TechniqueBlock> blocks = new EnumMap<>(Technique.class);
    boolean blocksOk = true;
    for (TechniqueSpec spec : TechniqueSpecs.all()) {
      Optional<BlockSpec> block = spec.block();
      Optional<Node> node = block.flatMap(b -> reader.optional(b.key()));
      if (node.isPresent()) {
        Optional<TechniqueBlock> lowered = block.get().lower(node.get(), scalars, sink);
        lowered.ifPresent(b -> blocks.put(spec.technique(), b));
        blocksOk &= lowered.isPresent();
      }
    }
    if (name.isEmpty() || !blocksOk || model.isEmpty() || workload.isEmpty() || slo.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Deployment(
            name.get(),
            map.span(),
            model.get(),
            pools,
            weights,
            kvCache,
            workload.get(),
            slo.get(),
            blocks));
  }

  private List<Val<String>> words(Node node, String field) {
    List<Node> items = node instanceof ListNode list ? list.items() : List.of(node);
    List<Val<String>> words = new ArrayList<>();
    for (Node item : items) {
      scalars.word(item, field).ifPresent(words::add);
    }
    return words;
  }

  private List<Val<Dtype>> dtypes(Node node, String field) {
    List<Val<Dtype>> result = new ArrayList<>();
    for (Val<String> word : words(node, field)) {
      scalars
          .choice(
              new ScalarNode(word.value(), ScalarNode.Style.PLAIN, word.span()),
              "precision",
              DTYPES,
              id -> Dtype.parse(id).orElseThrow())
          .ifPresent(result::add);
    }
    return result;
  }

  private Optional<Workload> lowerWorkload(Node node) {
    if (!(node instanceof MapNode map)) {
      sink.report(Diagnostic.of(Code.E0103, node.span(), "a map", "workload", node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "workload", WORKLOAD_KEYS, sink);
    Optional<Val<Rate>> rate = reader.required("rate").flatMap(n -> scalars.rate(n, "rate"));
    rate.filter(r -> r.value().perSecond() <= 0)
        .ifPresent(
            r ->
                sink.report(
                    Diagnostic.of(
                        Code.E0301,
                        r.span(),
                        "rate",
                        r.value(),
                        "the request rate must be positive")));
    Arrival arrival =
        reader
            .optional("arrival")
            .map(this::lowerArrival)
            .orElse(Optional.of(new Arrival.Poisson(map.span())))
            .orElse(null);
    Optional<LengthDist> input =
        reader.required("input_tokens").flatMap(n -> lowerDist(n, "input_tokens"));
    Optional<LengthDist> output =
        reader.required("output_tokens").flatMap(n -> lowerDist(n, "output_tokens"));
    Optional<Workload.Prefix> prefix = reader.optional("prefix").flatMap(this::lowerPrefix);
    if (rate.isEmpty() || arrival == null || input.isEmpty() || output.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Workload(rate.get(), arrival, input.get(), output.get(), prefix, map.span()));
  }

  private Optional<Arrival> lowerArrival(Node node) {
    if (node instanceof ScalarNode) {
      return scalars
          .choice(node, "arrival process", List.of("poisson"), id -> id)
          .map(v -> new Arrival.Poisson(v.span()));
    }
    if (!(node instanceof MapNode map) || map.entries().size() != 1) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "poisson, {gamma: {cv: N}} or {trace: FILE}",
              "arrival",
              node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "arrival", List.of("gamma", "trace"), sink);
    Optional<Node> gamma = reader.optional("gamma");
    if (gamma.isPresent()) {
      if (!(gamma.get() instanceof MapNode g)) {
        sink.report(
            Diagnostic.of(
                Code.E0103,
                gamma.get().span(),
                "a map with 'cv'",
                "gamma",
                gamma.get().describe()));
        return Optional.empty();
      }
      MapReader gr = new MapReader(g, "gamma", List.of("cv"), sink);
      Optional<Val<Double>> cv = gr.required("cv").flatMap(n -> scalars.number(n, "cv"));
      cv.filter(v -> v.value() <= 0 || v.value() > 100)
          .ifPresent(
              v ->
                  sink.report(
                      Diagnostic.of(
                          Code.E0301,
                          v.span(),
                          "cv",
                          Scalars.text(g.get("cv").orElseThrow()),
                          "expected more than 0 and at most 100 (1 is Poisson)")));
      return cv.filter(v -> v.value() > 0 && v.value() <= 100)
          .map(v -> new Arrival.Gamma(v, map.span()));
    }
    return reader
        .optional("trace")
        .flatMap(n -> scalars.word(n, "trace"))
        .map(p -> new Arrival.Trace(p, map.span()));
  }

  private Optional<LengthDist> lowerDist(Node node, String field) {
    if (node instanceof ScalarNode) {
      return scalars
          .number(node, field)
          .flatMap(v -> positiveTokens(v, field))
          .map(LengthDist::fixed);
    }
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a token count or {dist: ..., mean: ...}",
              field,
              node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, field, DIST_KEYS, sink);
    List<String> kinds = Arrays.stream(LengthDist.Kind.values()).map(LengthDist.Kind::id).toList();
    Optional<Val<LengthDist.Kind>> kind =
        reader.optional("dist").isPresent()
            ? reader
                .optional("dist")
                .flatMap(
                    n ->
                        scalars.choice(
                            n,
                            "length distribution",
                            kinds,
                            id -> LengthDist.Kind.valueOf(id.toUpperCase(Locale.ROOT))))
            : Optional.of(new Val<>(LengthDist.Kind.LOGNORMAL, map.span()));
    Optional<Val<Double>> mean =
        reader
            .required("mean")
            .flatMap(n -> scalars.number(n, field + ".mean"))
            .flatMap(v -> positiveTokens(v, field + ".mean"));
    Optional<Val<Double>> p50 = stat(reader, "p50", field);
    Optional<Val<Double>> p99 = stat(reader, "p99", field);
    Optional<Val<Double>> min = stat(reader, "min", field);
    Optional<Val<Double>> max = stat(reader, "max", field);
    if (kind.isEmpty() || mean.isEmpty()) {
      return Optional.empty();
    }
    double m = mean.get().value();
    checkOrder(p50, p99, field + " p50", field + " p99");
    checkOrder(min, mean, field + " min", field + " mean");
    checkOrder(mean, max, field + " mean", field + " max");
    checkOrder(p99, max, field + " p99", field + " max");
    if (kind.get().value() == LengthDist.Kind.LOGNORMAL
        || kind.get().value() == LengthDist.Kind.EXPONENTIAL) {
      p99.filter(v -> v.value() < m)
          .ifPresent(
              v ->
                  sink.report(
                      Diagnostic.of(
                              Code.E0304,
                              v.span(),
                              field
                                  + ": p99 "
                                  + fmt(v.value())
                                  + " is below the mean "
                                  + fmt(m)
                                  + ", which a "
                                  + kind.get().value().id()
                                  + " distribution cannot have")
                          .withHelp("check the figures, or use dist: normal")));
    }
    return Optional.of(new LengthDist(kind.get(), mean.get(), p50, p99, min, max, map.span()));
  }

  private Optional<Val<Double>> stat(MapReader reader, String key, String field) {
    return reader
        .optional(key)
        .flatMap(n -> scalars.number(n, field + "." + key))
        .flatMap(v -> positiveTokens(v, field + "." + key));
  }

  private Optional<Val<Double>> positiveTokens(Val<Double> v, String field) {
    if (v.value() < 1 || v.value() > MAX_TOKENS) {
      sink.report(
          Diagnostic.of(
              Code.E0301,
              v.span(),
              field,
              fmt(v.value()),
              "a token count is at least 1 and at most 10000000"));
      return Optional.empty();
    }
    return Optional.of(v);
  }

  private void checkOrder(
      Optional<Val<Double>> low, Optional<Val<Double>> high, String lowName, String highName) {
    if (low.isPresent() && high.isPresent() && low.get().value() > high.get().value()) {
      sink.report(
          Diagnostic.of(
                  Code.E0304,
                  high.get().span(),
                  highName
                      + " ("
                      + fmt(high.get().value())
                      + ") is below "
                      + lowName
                      + " ("
                      + fmt(low.get().value())
                      + ")")
              .withRelated(new Related(low.get().span(), lowName + " is here")));
    }
  }

  private Optional<Workload.Prefix> lowerPrefix(Node node) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a map with 'shared_tokens' and 'hit_rate'",
              "prefix",
              node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "prefix", List.of("shared_tokens", "hit_rate"), sink);
    Optional<Val<Long>> shared =
        reader
            .required("shared_tokens")
            .flatMap(n -> scalars.wholeNumber(n, "shared_tokens", 1, (long) MAX_TOKENS));
    Optional<Val<Fraction>> hit =
        reader.required("hit_rate").flatMap(n -> scalars.percent(n, "hit_rate"));
    hit.filter(h -> h.value().value() < 0 || h.value().value() > 1)
        .ifPresent(
            h ->
                sink.report(
                    Diagnostic.of(
                        Code.E0301, h.span(), "hit_rate", h.value(), "expected 0% to 100%")));
    if (shared.isEmpty()
        || hit.isEmpty()
        || hit.get().value().value() < 0
        || hit.get().value().value() > 1) {
      return Optional.empty();
    }
    return Optional.of(new Workload.Prefix(shared.get(), hit.get(), map.span()));
  }

  private Optional<Slo> lowerSlo(Node node, String where) {
    if (!(node instanceof MapNode map)) {
      sink.report(Diagnostic.of(Code.E0103, node.span(), "a map", "slo", node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "slo", SLO_KEYS, sink);
    List<Slo.Target> targets = new ArrayList<>();
    for (Slo.Metric metric : Slo.Metric.values()) {
      reader.optional(metric.id()).ifPresent(n -> targets.addAll(lowerTargets(n, metric)));
    }
    Val<Fraction> attainment =
        reader
            .optional("attainment")
            .flatMap(n -> scalars.percent(n, "attainment"))
            .orElse(new Val<>(DEFAULT_ATTAINMENT, map.span()));
    if (attainment.value().value() > 1) {
      sink.report(
          Diagnostic.of(Code.E0303, attainment.span(), attainment.value())
              .withHelp(
                  "attainment is the share of requests that meet every target, at most 100%"));
    } else if (attainment.value().value() <= 0) {
      sink.report(
          Diagnostic.of(
              Code.E0301,
              attainment.span(),
              "attainment",
              attainment.value(),
              "expected more than 0%"));
    }
    if (targets.isEmpty()) {
      sink.report(
          Diagnostic.of(Code.E0306, map.span(), where.replace("deployment '", "").replace("'", ""))
              .withHelp("state at least one of ttft, tpot or e2e, e.g. 'ttft: {p99: 800ms}'"));
    }
    return Optional.of(new Slo(targets, attainment, map.span()));
  }

  private List<Slo.Target> lowerTargets(Node node, Slo.Metric metric) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a map of percentile to limit, like {p99: 800ms}",
              metric.id(),
              node.describe()));
      return List.of();
    }
    MapReader reader = new MapReader(map, metric.id(), PERCENTILES, sink);
    List<Slo.Target> targets = new ArrayList<>();
    for (Entry entry : map.entries()) {
      if (!PERCENTILES.contains(entry.key())) {
        continue;
      }
      Slo.Percentile percentile = Slo.Percentile.valueOf(entry.key().toUpperCase(Locale.ROOT));
      scalars
          .duration(entry.value(), metric.id() + " " + entry.key(), "ms")
          .ifPresent(
              limit -> {
                if (limit.value().seconds() <= 0) {
                  sink.report(
                      Diagnostic.of(
                          Code.E0301,
                          limit.span(),
                          metric.id() + " " + entry.key(),
                          limit.value(),
                          "a latency limit must be positive"));
                } else {
                  targets.add(new Slo.Target(metric, percentile, limit, entry.span()));
                }
              });
    }
    reader.where();
    for (int i = 0; i < targets.size(); i++) {
      for (int j = 0; j < targets.size(); j++) {
        Slo.Target lower = targets.get(i);
        Slo.Target higher = targets.get(j);
        if (lower.percentile().quantile() < higher.percentile().quantile()
            && lower.limit().value().seconds() > higher.limit().value().seconds()) {
          sink.report(
              Diagnostic.of(
                      Code.E0302,
                      higher.limit().span(),
                      metric.id()
                          + " "
                          + higher.percentile().id()
                          + " ("
                          + higher.limit().value()
                          + ") is below "
                          + metric.id()
                          + " "
                          + lower.percentile().id()
                          + " ("
                          + lower.limit().value()
                          + ")")
                  .withRelated(
                      new Related(lower.limit().span(), lower.percentile().id() + " is here"))
                  .withHelp("a higher percentile needs a limit at least as large as a lower one"));
        }
      }
    }
    return targets;
  }

  static String fmt(double value) {
    return Quantities.formatNumber(value);
  }
}
