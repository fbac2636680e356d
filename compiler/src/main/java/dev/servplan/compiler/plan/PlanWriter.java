package dev.servplan.compiler.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanCodecs;
import dev.servplan.compiler.technique.PlanNumbers;

/** Builds the JSON tree of a plan; key order here is the file's key order. */
final class PlanWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  private PlanWriter() {}

  static JsonNode plan(Plan plan) {
    ObjectNode root = F.objectNode();
    root.put("apiVersion", Plan.API_VERSION);
    root.put("kind", Plan.KIND);
    ObjectNode spec = root.putObject("spec");
    spec.put("name", plan.spec().name());
    spec.put("hash", plan.spec().hash());
    root.set("cost_per_hour", num(plan.costPerHour().dollarsPerHour()));
    root.put("objective", plan.objective().id());
    ObjectNode solver = root.putObject("solver");
    solver.put("backend", plan.solver().backend());
    solver.put("status", plan.solver().status().id());
    solver.set("gap", num(plan.solver().gap()));
    solver.put("wall_ms", plan.solver().wallMs());
    solver.put("seed", plan.solver().seed());
    ObjectNode baseline = root.putObject("baseline");
    baseline.put("description", plan.baseline().description());
    baseline.set(
        "cost_per_hour",
        plan.baseline()
            .costPerHour()
            .<JsonNode>map(p -> num(p.dollarsPerHour()))
            .orElse(F.nullNode()));
    ArrayNode baselineGroups = baseline.putArray("groups");
    for (Baseline.BaselineGroup g : plan.baseline().groups()) {
      ObjectNode node = F.objectNode();
      node.put("deployment", g.deployment());
      node.setAll(group(g.group()));
      baselineGroups.add(node);
    }
    ArrayNode deployments = root.putArray("deployments");
    for (PlanDeployment d : plan.deployments()) {
      deployments.add(deployment(d));
    }
    ArrayNode inventory = root.putArray("inventory");
    for (PoolUsage u : plan.inventory()) {
      ObjectNode node = inventory.addObject();
      node.put("pool", u.pool());
      node.put("gpu", u.gpu());
      node.put("used_gpus", u.usedGpus());
      node.put("available_gpus", u.availableGpus());
    }
    return root;
  }

  private static ObjectNode deployment(PlanDeployment d) {
    ObjectNode node = F.objectNode();
    node.put("name", d.name());
    node.put("model", d.model());
    ObjectNode predicted = node.putObject("predicted");
    predicted.set("ttft_p99_ms", num(d.predicted().ttftP99().millis()));
    predicted.set("tpot_p99_ms", num(d.predicted().tpotP99().millis()));
    predicted.set("requests_per_s", num(d.predicted().requestsPerS().perSecond()));
    predicted.set("slo_attainment", num(d.predicted().sloAttainment().value()));
    ArrayNode slack = node.putArray("slack");
    for (Slack s : d.slack()) {
      ObjectNode item = slack.addObject();
      item.put("constraint", s.constraint());
      item.put("unit", s.unit());
      item.set("limit", num(s.limit()));
      item.set("value", num(s.value()));
      item.set("headroom", num(s.headroom()));
    }
    ArrayNode groups = node.putArray("groups");
    for (Group g : d.groups()) {
      groups.add(group(g));
    }
    return node;
  }

  private static ObjectNode group(Group g) {
    ObjectNode node = F.objectNode();
    node.put("role", g.role().id());
    node.put("pool", g.pool());
    node.put("gpu", g.gpu());
    node.put("instances", g.instances());
    node.put("tp", g.tp());
    node.put("pp", g.pp());
    node.put("ep", g.ep());
    node.put("weights", g.weights().id());
    node.put("kv_dtype", g.kvDtype().id());
    node.put("max_num_seqs", g.maxNumSeqs());
    node.put("max_num_batched_tokens", g.maxNumBatchedTokens());
    for (PlanCodec codec : PlanCodecs.all()) {
      codec.write(g.techniques().get(codec.technique()), node);
    }
    node.set("kv_cache_gib_per_gpu", num(g.kvCachePerGpu().gib()));
    ObjectNode mem = node.putObject("memory_gib_per_gpu");
    MemoryBreakdown m = g.memoryPerGpu();
    mem.set("weights", num(m.weights().gib()));
    mem.set("kv_cache", num(m.kvCache().gib()));
    mem.set("activations", num(m.activations().gib()));
    mem.set("overhead", num(m.overhead().gib()));
    mem.set("total", num(m.total().gib()));
    mem.set("capacity", num(m.capacity().gib()));
    node.set("price_per_gpu_hour", num(g.pricePerGpuHour().dollarsPerHour()));
    node.set("requests_per_s_per_instance", num(g.ratePerInstance().perSecond()));
    ArrayNode placement = node.putArray("placement");
    for (Placement p : g.placement()) {
      ObjectNode item = placement.addObject();
      item.put("instance", p.instance());
      ArrayNode stages = item.putArray("stages");
      for (Placement.Stage s : p.stages()) {
        ObjectNode stage = stages.addObject();
        stage.put("node", s.node());
        ArrayNode gpus = stage.putArray("gpus");
        s.gpus().forEach(gpus::add);
      }
    }
    return node;
  }

  /** A number in the canonical text form, so the same double always prints the same digits. */
  static JsonNode num(double value) {
    return PlanNumbers.num(value);
  }
}
