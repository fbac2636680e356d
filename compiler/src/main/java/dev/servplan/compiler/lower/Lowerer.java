package dev.servplan.compiler.lower;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.ModelDef;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Pool;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueOptions;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lowers the syntax tree into the IR: checks keys and value kinds, parses units, fills defaults.
 * Always returns a spec (with defaults where the input was broken) and reports what it found.
 */
public final class Lowerer {
  /** Names become file names, DNS labels and flags downstream, so keep them plain. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  static final List<String> TOP_KEYS =
      List.of("apiVersion", "name", "models", "inventory", "deployments", "objective", "options");
  static final List<String> POOL_KEYS =
      List.of("name", "gpu", "count", "gpus_per_node", "interconnect", "network", "price");
  static final List<String> OPTION_KEYS = optionKeys();

  /** Defaults for options, documented in docs/spec-language.md. */
  static final int DEFAULT_MAX_TP = 8;

  static final int DEFAULT_MAX_PP = 1;
  static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);

  private final DiagnosticSink sink;
  private final Scalars scalars;

  private static List<String> optionKeys() {
    List<String> keys =
        new ArrayList<>(
            List.of("disaggregation", "max_tp", "max_pp", "time_limit", "budget", "engine"));
    for (Technique t : Technique.values()) {
      keys.add(t.id());
    }
    return List.copyOf(keys);
  }

  private Lowerer(DiagnosticSink sink) {
    this.sink = sink;
    this.scalars = new Scalars(sink);
  }

  /** The lowered spec and the diagnostics lowering reported. */
  public record Result(Spec spec, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
      return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
  }

  public static Result lower(ParsedSpec parsed) {
    DiagnosticSink sink = new DiagnosticSink();
    Spec spec = new Lowerer(sink).lowerRoot(parsed.root());
    return new Result(spec, sink.sorted());
  }

  private Spec lowerRoot(MapNode root) {
    MapReader top = new MapReader(root, "the spec", TOP_KEYS, sink);
    top.optional("apiVersion")
        .flatMap(n -> scalars.word(n, "apiVersion"))
        .filter(v -> !v.value().equals("servplan/v1"))
        .ifPresent(
            v ->
                sink.report(
                    Diagnostic.of(Code.E0108, v.span(), v.value())
                        .withFix(Fix.replace("use servplan/v1", v.span(), "servplan/v1"))));
    String name =
        top.optional("name").flatMap(n -> scalars.name(n, "spec")).map(Val::value).orElse("spec");
    List<ModelDef> models = top.optional("models").map(this::lowerModels).orElse(List.of());
    List<Pool> pools = top.required("inventory").map(this::lowerInventory).orElse(List.of());
    List<Deployment> deployments = new ArrayList<>();
    top.required("deployments")
        .ifPresent(
            node -> {
              DeploymentLowerer lowerer = new DeploymentLowerer(sink, scalars);
              for (MapNode item : listOfMaps(node, "deployments")) {
                lowerer.lower(item).ifPresent(deployments::add);
              }
              if (node instanceof ListNode list && list.items().isEmpty()) {
                sink.report(
                    Diagnostic.of(
                        Code.E0301,
                        node.span(),
                        "deployments",
                        "[]",
                        "at least one deployment is needed"));
              }
            });
    Val<Objective> objective =
        top.optional("objective")
            .flatMap(
                n ->
                    scalars.choice(
                        n,
                        "objective",
                        List.of("minimize-cost", "maximize-goodput", "minimize-latency"),
                        id -> Objective.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'))))
            .orElse(new Val<>(Objective.MINIMIZE_COST, root.span()));
    Options options = lowerOptions(top.optional("options"), root.span());
    reportDuplicates(models.stream().map(ModelDef::name).toList(), "model");
    reportDuplicates(pools.stream().map(Pool::name).toList(), "pool");
    reportDuplicates(deployments.stream().map(Deployment::name).toList(), "deployment");
    return new Spec(name, root.span(), models, pools, deployments, objective, options);
  }

  private List<ModelDef> lowerModels(Node node) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a map of model name to definition",
              "models",
              node.describe()));
      return List.of();
    }
    List<ModelDef> models = new ArrayList<>();
    for (Entry entry : map.entries()) {
      Span keySpan = entry.keySpan();
      if (!NAME.matcher(entry.key()).matches()) {
        sink.report(Diagnostic.of(Code.E0208, keySpan, entry.key(), nameRule()));
        continue;
      }
      Val<String> name = new Val<>(entry.key(), keySpan);
      String where = "model '" + entry.key() + "'";
      if (!(entry.value() instanceof MapNode def)) {
        sink.report(
            Diagnostic.of(
                Code.E0103,
                entry.value().span(),
                "a map ({base: ...}, {hf_config: ...} or architecture fields)",
                entry.key(),
                entry.value().describe()));
        continue;
      }
      List<String> keys = new ArrayList<>(List.of("base", "hf_config"));
      keys.addAll(ModelDef.Explicit.NUMBER_KEYS);
      keys.addAll(ModelDef.Explicit.WORD_KEYS);
      MapReader reader = new MapReader(def, where, keys, sink);
      Optional<Node> base = reader.optional("base");
      Optional<Node> hf = reader.optional("hf_config");
      Span span = entry.span();
      if (base.isPresent() && hf.isPresent()) {
        sink.report(
            Diagnostic.of(
                Code.E0207, def.span(), where + " has both 'base' and 'hf_config': give one"));
        continue;
      }
      if (base.isPresent() || hf.isPresent()) {
        boolean extra =
            def.entries().stream()
                .anyMatch(e -> !e.key().equals("base") && !e.key().equals("hf_config"));
        if (extra) {
          sink.report(
              Diagnostic.of(
                      Code.E0207,
                      def.span(),
                      where
                          + " mixes 'base'/'hf_config' with architecture fields; servplan does not patch architectures")
                  .withHelp("either name a base model or write out every architecture field"));
        }
      }
      if (base.isPresent()) {
        scalars
            .word(base.get(), "base")
            .ifPresent(v -> models.add(new ModelDef(name, span, new ModelDef.Base(v, span))));
      } else if (hf.isPresent()) {
        scalars
            .word(hf.get(), "hf_config")
            .ifPresent(v -> models.add(new ModelDef(name, span, new ModelDef.HfConfig(v, span))));
      } else {
        Map<String, Val<Long>> numbers = new LinkedHashMap<>();
        Map<String, Val<String>> words = new LinkedHashMap<>();
        for (String key : ModelDef.Explicit.NUMBER_KEYS) {
          reader
              .optional(key)
              .flatMap(n -> scalars.wholeNumber(n, key, 0, 100_000_000L))
              .ifPresent(v -> numbers.put(key, v));
        }
        for (String key : ModelDef.Explicit.WORD_KEYS) {
          reader.optional(key).flatMap(n -> scalars.word(n, key)).ifPresent(v -> words.put(key, v));
        }
        models.add(new ModelDef(name, span, new ModelDef.Explicit(numbers, words, span)));
      }
    }
    return models;
  }

  private List<Pool> lowerInventory(Node node) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103, node.span(), "a map with 'pools'", "inventory", node.describe()));
      return List.of();
    }
    MapReader reader = new MapReader(map, "inventory", List.of("pools"), sink);
    List<Pool> pools = new ArrayList<>();
    reader
        .required("pools")
        .ifPresent(
            poolsNode -> {
              for (MapNode item : listOfMaps(poolsNode, "pools")) {
                lowerPool(item).ifPresent(pools::add);
              }
              if (poolsNode instanceof ListNode list && list.items().isEmpty()) {
                sink.report(
                    Diagnostic.of(
                        Code.E0301,
                        poolsNode.span(),
                        "pools",
                        "[]",
                        "at least one pool is needed"));
              }
            });
    return pools;
  }

  private Optional<Pool> lowerPool(MapNode map) {
    String label = map.get("name").map(Scalars::text).orElse("?");
    MapReader reader = new MapReader(map, "pool '" + label + "'", POOL_KEYS, sink);
    Optional<Val<String>> name = reader.required("name").flatMap(n -> scalars.name(n, "pool"));
    Optional<Val<String>> gpu = reader.required("gpu").flatMap(n -> scalars.word(n, "gpu"));
    Optional<Val<Integer>> count =
        reader.required("count").flatMap(n -> scalars.integer(n, "count", 1, 1_000_000));
    Optional<Val<Integer>> perNode =
        reader.optional("gpus_per_node").flatMap(n -> scalars.integer(n, "gpus_per_node", 1, 64));
    Optional<Val<String>> interconnect =
        reader.optional("interconnect").flatMap(n -> scalars.word(n, "interconnect"));
    Optional<Val<String>> network =
        reader.optional("network").flatMap(n -> scalars.word(n, "network"));
    var price = reader.optional("price").flatMap(n -> scalars.hourlyPrice(n, "price"));
    price
        .filter(p -> p.value().dollarsPerHour() < 0)
        .ifPresent(
            p ->
                sink.report(
                    Diagnostic.of(
                        Code.E0301, p.span(), "price", p.value(), "a price cannot be negative")));
    if (name.isEmpty() || gpu.isEmpty() || count.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Pool(
            name.get(), map.span(), gpu.get(), count.get(), perNode, interconnect, network, price));
  }

  private Options lowerOptions(Optional<Node> node, Span rootSpan) {
    Span span = node.map(Node::span).orElse(rootSpan);
    Val<Options.Disaggregation> disagg = new Val<>(Options.Disaggregation.AUTO, span);
    Val<Integer> maxTp = new Val<>(DEFAULT_MAX_TP, span);
    Val<Integer> maxPp = new Val<>(DEFAULT_MAX_PP, span);
    Val<Duration> timeLimit = new Val<>(DEFAULT_TIME_LIMIT, span);
    Optional<Val<HourlyPrice>> budget = Optional.empty();
    Map<Technique, Val<Toggle>> techniques = new EnumMap<>(Technique.class);
    for (Technique t : Technique.values()) {
      techniques.put(t, new Val<>(Toggle.AUTO, span));
    }
    Val<Engine> engine = new Val<>(Engine.ANY, span);
    Map<Technique, TechniqueOptions> techniqueOptions = new EnumMap<>(Technique.class);
    if (node.isPresent()) {
      if (!(node.get() instanceof MapNode map)) {
        sink.report(Diagnostic.of(Code.E0103, span, "a map", "options", node.get().describe()));
      } else {
        MapReader reader = new MapReader(map, "options", OPTION_KEYS, sink);
        disagg =
            reader
                .optional("disaggregation")
                .flatMap(
                    n ->
                        scalars.choice(
                            n,
                            "disaggregation mode",
                            List.of("auto", "never", "always"),
                            id -> Options.Disaggregation.valueOf(id.toUpperCase(Locale.ROOT))))
                .orElse(disagg);
        maxTp = reader.optional("max_tp").flatMap(n -> powerOfTwo(n, "max_tp")).orElse(maxTp);
        maxPp =
            reader
                .optional("max_pp")
                .flatMap(n -> scalars.integer(n, "max_pp", 1, 64))
                .orElse(maxPp);
        timeLimit =
            reader
                .optional("time_limit")
                .flatMap(n -> scalars.duration(n, "time_limit", "s"))
                .orElse(timeLimit);
        if (timeLimit.value().seconds() <= 0 || timeLimit.value().seconds() > 3600) {
          sink.report(
              Diagnostic.of(
                  Code.E0301,
                  timeLimit.span(),
                  "time_limit",
                  timeLimit.value(),
                  "expected more than 0s and at most 1h"));
        }
        budget = reader.optional("budget").flatMap(n -> scalars.hourlyPrice(n, "budget"));
        engine =
            reader
                .optional("engine")
                .flatMap(
                    n ->
                        scalars.choice(
                            n,
                            "target engine",
                            SpecSchema.ENGINES,
                            id -> Engine.valueOf(id.toUpperCase(Locale.ROOT))))
                .orElse(engine);
        budget
            .filter(b -> b.value().dollarsPerHour() <= 0)
            .ifPresent(
                b ->
                    sink.report(
                        Diagnostic.of(
                            Code.E0301,
                            b.span(),
                            "budget",
                            b.value(),
                            "a budget must be positive")));
        for (Technique t : Technique.values()) {
          Optional<TechniqueSpec.OptionValue> lowered =
              reader
                  .optional(t.id())
                  .flatMap(n -> TechniqueSpecs.of(t).lowerOption(n, scalars, sink));
          if (lowered.isEmpty()) {
            continue;
          }
          Val<Toggle> v = lowered.get().toggle();
          techniques.put(t, v);
          lowered.get().options().ifPresent(o -> techniqueOptions.put(t, o));
          if (!t.modelled() && v.value() == Toggle.ALWAYS) {
            sink.report(
                Diagnostic.of(
                        Code.W0004,
                        v.span(),
                        t.id()
                            + " always: servplan does not model "
                            + t.title()
                            + " yet, so plans never use it")
                    .withHelp(
                        "remove the option; 'auto' also plans without it until it is modelled"));
          }
        }
      }
    }
    for (Technique t : Technique.values()) {
      Val<Toggle> v = techniques.get(t);
      if (t.modelled() && v.value() == Toggle.ALWAYS && !engine.value().supports(t)) {
        sink.report(
            Diagnostic.of(
                    Code.E0305,
                    v.span(),
                    t.id()
                        + " always: the target engine "
                        + engine.value().title()
                        + " does not run "
                        + t.title())
                .withRelated(new Related(engine.span(), "the target engine is chosen here"))
                .withHelp(
                    "set "
                        + t.id()
                        + " to auto, or compile for an engine that runs it (docs/emit.md)"));
      }
    }
    Options options =
        new Options(
            disagg, maxTp, maxPp, timeLimit, budget, techniques, engine, span, techniqueOptions);
    for (TechniqueSpec spec : TechniqueSpecs.all()) {
      spec.checkOptions(options, sink);
    }
    return options;
  }

  private Optional<Val<Integer>> powerOfTwo(Node node, String field) {
    Optional<Val<Integer>> value = scalars.integer(node, field, 1, 64);
    if (value.isPresent() && Integer.bitCount(value.get().value()) != 1) {
      sink.report(
          Diagnostic.of(
              Code.E0301,
              value.get().span(),
              field,
              value.get().value(),
              "expected a power of two: 1, 2, 4, 8, 16, 32 or 64"));
      return Optional.empty();
    }
    return value;
  }

  /** The maps of a list; reports items that are not maps. */
  List<MapNode> listOfMaps(Node node, String field) {
    if (!(node instanceof ListNode list)) {
      sink.report(Diagnostic.of(Code.E0103, node.span(), "a list", field, node.describe()));
      return List.of();
    }
    List<MapNode> maps = new ArrayList<>();
    for (Node item : list.items()) {
      if (item instanceof MapNode map) {
        maps.add(map);
      } else {
        sink.report(
            Diagnostic.of(Code.E0103, item.span(), "a map", field + " item", item.describe()));
      }
    }
    return maps;
  }

  static String nameRule() {
    return "names start with a letter or digit and use only letters, digits, '.', '_' and '-' (at most 63)";
  }

  private void reportDuplicates(List<Val<String>> names, String what) {
    Map<String, Val<String>> first = new LinkedHashMap<>();
    for (Val<String> name : names) {
      Val<String> earlier = first.putIfAbsent(name.value(), name);
      if (earlier != null) {
        sink.report(
            Diagnostic.of(Code.E0204, name.span(), what, name.value())
                .withRelated(new Related(earlier.span(), "first defined here"))
                .withHelp("give each " + what + " a unique name"));
      }
    }
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.style() == ScalarNode.Style.NULL;
  }
}
