package dev.servplan.compiler.technique.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanNumbers;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The plan's {@code lora} block of a group, written and read (docs/plan-schema.json). */
public final class LoraCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  @Override
  public String key() {
    return "lora";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    return read(node, path, errors).map(TechniqueSetting.class::cast);
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting.map(LoraPlan.class::cast).ifPresent(l -> write(group, l));
  }

  @Override
  public String text(TechniqueSetting setting) {
    LoraPlan l = (LoraPlan) setting;
    return l.merged()
        ? ", LoRA adapter '" + l.adapters().get(0).name() + "' merged"
        : ", LoRA ("
            + l.adapterCount()
            + " adapters, max_loras "
            + l.maxLoras()
            + ", max_rank "
            + l.maxRank()
            + ")";
  }

  private static void write(ObjectNode group, LoraPlan lora) {
    ObjectNode node = group.putObject("lora");
    node.put("max_loras", lora.maxLoras());
    node.put("max_rank", lora.maxRank());
    if (lora.merged()) {
      node.put("merged", true);
    }
    ArrayNode adapters = node.putArray("adapters");
    for (LoraPlan.AdapterSet a : lora.adapters()) {
      ObjectNode item = adapters.addObject();
      item.put("name", a.name());
      item.put("count", a.count());
      item.put("rank", a.rank());
      item.set("share", PlanNumbers.num(a.share()));
      a.source().ifPresent(s -> item.put("source", s));
    }
  }

  /** A group's lora block; absent in plans that serve no adapters (or predate the field). */
  private static Optional<LoraPlan> read(JsonNode node, String path, List<String> errors) {
    if (!node.isObject()) {
      errors.add(path + ": expected an object with max_loras, max_rank and adapters, got " + node);
      return Optional.empty();
    }
    int maxLoras = positiveInt(node, path, "max_loras", errors);
    int maxRank = positiveInt(node, path, "max_rank", errors);
    boolean merged = false;
    if (node.has("merged")) {
      if (node.get("merged").isBoolean()) {
        merged = node.get("merged").booleanValue();
      } else {
        errors.add(path + ".merged: expected true or false");
        return Optional.empty();
      }
    }
    JsonNode list = node.get("adapters");
    if (list == null || !list.isArray() || list.isEmpty()) {
      errors.add(path + ".adapters: expected a non-empty list");
      return Optional.empty();
    }
    List<LoraPlan.AdapterSet> sets = new ArrayList<>();
    boolean ok = maxLoras > 0 && maxRank > 0;
    for (int i = 0; i < list.size(); i++) {
      String ip = path + ".adapters[" + i + "]";
      JsonNode item = list.get(i);
      JsonNode name = item.get("name");
      if (name == null || !name.isTextual()) {
        errors.add(ip + ".name: expected a name");
        ok = false;
        continue;
      }
      int count = positiveInt(item, ip, "count", errors);
      int rank = positiveInt(item, ip, "rank", errors);
      JsonNode share = item.get("share");
      if (share == null
          || !share.isNumber()
          || !(share.doubleValue() > 0 && share.doubleValue() <= 1)) {
        errors.add(ip + ".share: expected a number in (0, 1]");
        ok = false;
        continue;
      }
      JsonNode source = item.get("source");
      if (source != null && !source.isTextual()) {
        errors.add(ip + ".source: expected text");
        ok = false;
        continue;
      }
      if (count < 1 || rank < 1) {
        ok = false;
        continue;
      }
      if (rank > maxRank) {
        errors.add(ip + ".rank: " + rank + " is above max_rank " + maxRank);
        ok = false;
        continue;
      }
      sets.add(
          new LoraPlan.AdapterSet(
              name.textValue(),
              count,
              rank,
              share.doubleValue(),
              Optional.ofNullable(source).map(JsonNode::textValue)));
    }
    if (!ok) {
      return Optional.empty();
    }
    if (merged && (sets.size() != 1 || sets.get(0).count() != 1)) {
      errors.add(path + ".merged: only a single adapter can be merged into the weights");
      return Optional.empty();
    }
    return Optional.of(new LoraPlan(maxLoras, maxRank, sets, merged));
  }

  private static int positiveInt(JsonNode node, String path, String key, List<String> errors) {
    JsonNode v = node.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      errors.add(path + "." + key + ": expected an integer >= 1");
      return 0;
    }
    return v.intValue();
  }
}
