package dev.servplan.compiler.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanCodecs;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns a JSON tree into a {@link Plan}, collecting every error with its path instead of stopping
 * at the first, so a hand-edited plan can be fixed in one pass.
 */
final class PlanReader {
  private final List<String> errors = new ArrayList<>();

  private PlanReader() {}

  static PlanIo.ReadResult read(JsonNode root) {
    PlanReader r = new PlanReader();
    Plan plan = r.plan(root);
    return new PlanIo.ReadResult(
        r.errors.isEmpty() ? Optional.ofNullable(plan) : Optional.empty(), r.errors);
  }

  private Plan plan(JsonNode root) {
    if (!root.isObject()) {
      errors.add("$: expected a plan object, got " + describe(root));
      return null;
    }
    String apiVersion = text(root, "$", "apiVersion");
    if (apiVersion != null && !apiVersion.equals(Plan.API_VERSION)) {
      errors.add(
          "$.apiVersion: unsupported apiVersion \""
              + apiVersion
              + "\"; this servplan reads \""
              + Plan.API_VERSION
              + "\"");
      return null;
    }
    String kind = text(root, "$", "kind");
    if (kind != null && !kind.equals(Plan.KIND)) {
      errors.add("$.kind: expected \"" + Plan.KIND + "\", got \"" + kind + "\"");
      return null;
    }
    JsonNode specNode = object(root, "$", "spec");
    SpecRef spec =
        specNode == null
            ? null
            : new SpecRef(
                orEmpty(text(specNode, "$.spec", "name")),
                orEmpty(text(specNode, "$.spec", "hash")));
    double cost = number(root, "$", "cost_per_hour");
    Objective objective = objective(root);
    SolverInfo solver = solver(object(root, "$", "solver"));
    Baseline baseline = baseline(object(root, "$", "baseline"));
    List<PlanDeployment> deployments = list(root, "$", "deployments", this::deployment);
    List<PoolUsage> inventory =
        root.has("inventory") ? list(root, "$", "inventory", this::poolUsage) : List.of();
    if (!errors.isEmpty()) {
      return null;
    }
    return new Plan(
        spec, new HourlyPrice(cost), objective, solver, baseline, deployments, inventory);
  }

  private Objective objective(JsonNode root) {
    String id = text(root, "$", "objective");
    if (id == null) {
      return null;
    }
    for (Objective o : Objective.values()) {
      if (o.id().equals(id)) {
        return o;
      }
    }
    errors.add(
        "$.objective: unknown objective \""
            + id
            + "\"; expected one of minimize-cost, "
            + "maximize-goodput, minimize-latency");
    return null;
  }

  private SolverInfo solver(JsonNode node) {
    if (node == null) {
      return null;
    }
    String path = "$.solver";
    String backend = text(node, path, "backend");
    String statusText = text(node, path, "status");
    Optional<SolverInfo.Status> status =
        statusText == null ? Optional.empty() : SolverInfo.Status.parse(statusText);
    if (statusText != null && status.isEmpty()) {
      errors.add(path + ".status: expected OPTIMAL or FEASIBLE, got \"" + statusText + "\"");
    }
    double gap = number(node, path, "gap");
    long wallMs = integer(node, path, "wall_ms");
    long seed = integer(node, path, "seed");
    if (backend == null || status.isEmpty() || !(gap >= 0)) {
      if (gap < 0) {
        errors.add(path + ".gap: expected a number >= 0, got " + gap);
      }
      return null;
    }
    return new SolverInfo(backend, status.get(), gap, wallMs, seed);
  }

  private Baseline baseline(JsonNode node) {
    if (node == null) {
      return null;
    }
    String path = "$.baseline";
    String description = text(node, path, "description");
    JsonNode costNode = node.get("cost_per_hour");
    Optional<HourlyPrice> cost = Optional.empty();
    if (costNode == null) {
      errors.add(
          path + ": missing key \"cost_per_hour\" (a number, or null when no baseline fits)");
    } else if (!costNode.isNull()) {
      cost = Optional.of(new HourlyPrice(number(node, path, "cost_per_hour")));
    }
    List<Baseline.BaselineGroup> groups =
        list(
            node,
            path,
            "groups",
            (g, p) -> {
              String deployment = text(g, p, "deployment");
              Group group = group(g, p);
              return deployment == null || group == null
                  ? null
                  : new Baseline.BaselineGroup(deployment, group);
            });
    return description == null ? null : new Baseline(description, cost, groups);
  }

  private PlanDeployment deployment(JsonNode node, String path) {
    String name = text(node, path, "name");
    String model = text(node, path, "model");
    JsonNode p = object(node, path, "predicted");
    Predicted predicted = null;
    if (p != null) {
      String pp = path + ".predicted";
      predicted =
          new Predicted(
              Duration.ofMillis(nonNegative(p, pp, "ttft_p99_ms")),
              Duration.ofMillis(nonNegative(p, pp, "tpot_p99_ms")),
              Rate.perSecond(nonNegative(p, pp, "requests_per_s")),
              fraction(p, pp, "slo_attainment"));
    }
    List<Slack> slack =
        list(
            node,
            path,
            "slack",
            (s, sp) -> {
              String constraint = text(s, sp, "constraint");
              String unit = text(s, sp, "unit");
              double limit = number(s, sp, "limit");
              double value = number(s, sp, "value");
              double headroom = number(s, sp, "headroom");
              return constraint == null || unit == null
                  ? null
                  : new Slack(constraint, unit, limit, value, headroom);
            });
    List<Group> groups = list(node, path, "groups", this::group);
    if (name == null || model == null || predicted == null) {
      return null;
    }
    return new PlanDeployment(name, model, predicted, slack, groups);
  }

  private Group group(JsonNode node, String path) {
    String roleText = text(node, path, "role");
    Optional<Role> role = roleText == null ? Optional.empty() : Role.parse(roleText);
    if (roleText != null && role.isEmpty()) {
      errors.add(path + ".role: expected unified, prefill or decode, got \"" + roleText + "\"");
    }
    String pool = text(node, path, "pool");
    String gpu = text(node, path, "gpu");
    int instances = (int) atLeast(node, path, "instances", 0);
    int tp = (int) atLeast(node, path, "tp", 1);
    int pp = (int) atLeast(node, path, "pp", 1);
    int ep = (int) atLeast(node, path, "ep", 1);
    Dtype weights = dtype(node, path, "weights");
    Dtype kv = dtype(node, path, "kv_dtype");
    int maxNumSeqs = (int) atLeast(node, path, "max_num_seqs", 1);
    int maxBatched = (int) atLeast(node, path, "max_num_batched_tokens", 1);
    double kvGib = nonNegative(node, path, "kv_cache_gib_per_gpu");
    // Each technique reads its own block; an absent block means the technique is not used.
    List<TechniqueSetting> settings = new ArrayList<>();
    PlanCodec.Fields fields = new PlanCodec.Fields(Optional.ofNullable(kv));
    for (PlanCodec codec : PlanCodecs.all()) {
      if (node.has(codec.key())) {
        codec
            .read(node.get(codec.key()), path + "." + codec.key(), fields, errors)
            .ifPresent(settings::add);
      }
    }
    JsonNode m = object(node, path, "memory_gib_per_gpu");
    MemoryBreakdown memory = null;
    if (m != null) {
      String mp = path + ".memory_gib_per_gpu";
      memory =
          new MemoryBreakdown(
              Bytes.ofGiB(nonNegative(m, mp, "weights")),
              Bytes.ofGiB(nonNegative(m, mp, "kv_cache")),
              Bytes.ofGiB(nonNegative(m, mp, "activations")),
              Bytes.ofGiB(nonNegative(m, mp, "overhead")),
              Bytes.ofGiB(nonNegative(m, mp, "total")),
              Bytes.ofGiB(nonNegative(m, mp, "capacity")));
    }
    double price = nonNegative(node, path, "price_per_gpu_hour");
    double rate =
        node.has("requests_per_s_per_instance")
            ? nonNegative(node, path, "requests_per_s_per_instance")
            : 0;
    List<Placement> placement = list(node, path, "placement", this::placement);
    if (role.isEmpty()
        || pool == null
        || gpu == null
        || weights == null
        || kv == null
        || memory == null
        || instances < 0
        || tp < 1
        || pp < 1
        || ep < 1) {
      return null;
    }
    return new Group(
        role.get(),
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kv,
        maxNumSeqs,
        maxBatched,
        Bytes.ofGiB(kvGib),
        memory,
        new HourlyPrice(price),
        Rate.perSecond(rate),
        placement,
        TechniqueSettings.of(settings));
  }

  private Placement placement(JsonNode node, String path) {
    int instance = (int) atLeast(node, path, "instance", 0);
    List<Placement.Stage> stages =
        list(
            node,
            path,
            "stages",
            (s, sp) -> {
              int nodeIndex = (int) atLeast(s, sp, "node", 0);
              List<Integer> gpus =
                  list(
                      s,
                      sp,
                      "gpus",
                      (g, gp) -> {
                        if (!g.canConvertToInt() || !g.isIntegralNumber() || g.asInt() < 0) {
                          errors.add(gp + ": expected a GPU index >= 0, got " + describe(g));
                          return null;
                        }
                        return g.asInt();
                      });
              return new Placement.Stage(nodeIndex, gpus);
            });
    return new Placement(instance, stages);
  }

  private PoolUsage poolUsage(JsonNode node, String path) {
    String pool = text(node, path, "pool");
    String gpu = text(node, path, "gpu");
    int used = (int) atLeast(node, path, "used_gpus", 0);
    int available = (int) atLeast(node, path, "available_gpus", 0);
    return pool == null || gpu == null ? null : new PoolUsage(pool, gpu, used, available);
  }

  // --- field readers: each records an error naming the path and returns a neutral value ---

  private JsonNode field(JsonNode node, String path, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      errors.add(path + ": missing key \"" + key + "\"");
      return null;
    }
    return value;
  }

  private JsonNode object(JsonNode node, String path, String key) {
    JsonNode value = field(node, path, key);
    if (value != null && !value.isObject()) {
      errors.add(path + "." + key + ": expected an object, got " + describe(value));
      return null;
    }
    return value;
  }

  private String text(JsonNode node, String path, String key) {
    JsonNode value = field(node, path, key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(path + "." + key + ": expected a string, got " + describe(value));
      return null;
    }
    return value.asText();
  }

  private double number(JsonNode node, String path, String key) {
    JsonNode value = field(node, path, key);
    if (value == null) {
      return 0;
    }
    if (!value.isNumber()) {
      errors.add(path + "." + key + ": expected a number, got " + describe(value));
      return 0;
    }
    return value.asDouble();
  }

  private double nonNegative(JsonNode node, String path, String key) {
    double v = number(node, path, key);
    if (v < 0) {
      errors.add(path + "." + key + ": expected a number >= 0, got " + v);
      return 0;
    }
    return v;
  }

  private Fraction fraction(JsonNode node, String path, String key) {
    double v = number(node, path, key);
    if (v < 0 || v > 1) {
      errors.add(path + "." + key + ": expected a fraction in [0, 1], got " + v);
      return new Fraction(0);
    }
    return new Fraction(v);
  }

  private long integer(JsonNode node, String path, String key) {
    JsonNode value = field(node, path, key);
    if (value == null) {
      return 0;
    }
    if (!value.isIntegralNumber()) {
      errors.add(path + "." + key + ": expected an integer, got " + describe(value));
      return 0;
    }
    return value.asLong();
  }

  private long atLeast(JsonNode node, String path, String key, long min) {
    JsonNode value = node.get(key);
    long v = integer(node, path, key);
    if (value != null && value.isIntegralNumber() && v < min) {
      errors.add(path + "." + key + ": expected an integer >= " + min + ", got " + v);
      return min;
    }
    return v;
  }

  private Dtype dtype(JsonNode node, String path, String key) {
    String id = text(node, path, key);
    if (id == null) {
      return null;
    }
    Optional<Dtype> d = Dtype.parse(id);
    if (d.isEmpty()) {
      errors.add(path + "." + key + ": unknown dtype \"" + id + "\"");
      return null;
    }
    return d.get();
  }

  private <T> List<T> list(
      JsonNode node, String path, String key, BiFunction<JsonNode, String, T> item) {
    JsonNode value = field(node, path, key);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      errors.add(path + "." + key + ": expected a list, got " + describe(value));
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String itemPath = path + "." + key + "[" + i + "]";
      JsonNode element = value.get(i);
      if (!element.isObject() && !element.isValueNode()) {
        errors.add(itemPath + ": expected an object or value, got " + describe(element));
        continue;
      }
      if (element.isObject() || element.isNumber()) {
        T t = item.apply(element, itemPath);
        if (t != null) {
          out.add(t);
        }
      } else {
        errors.add(itemPath + ": unexpected " + describe(element));
      }
    }
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string \"" + node.asText() + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
