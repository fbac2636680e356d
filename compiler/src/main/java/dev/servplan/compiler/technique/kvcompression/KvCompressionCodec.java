package dev.servplan.compiler.technique.kvcompression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The plan's {@code kv_compression: {dtype, eviction_budget}} block of a group; absent in plans
 * that do not compress (or predate the field). Its dtype must be the group's kv_dtype.
 */
public final class KvCompressionCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  @Override
  public String key() {
    return "kv_compression";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    if (!node.isObject() || node.isEmpty()) {
      errors.add(path + ": expected an object with dtype and/or eviction_budget, got " + node);
      return Optional.empty();
    }
    Optional<Dtype> dtype = Optional.empty();
    JsonNode d = node.get("dtype");
    if (d != null) {
      Optional<Dtype> parsed = d.isTextual() ? Dtype.parse(d.textValue()) : Optional.empty();
      if (parsed.isEmpty()) {
        errors.add(path + ".dtype: expected a KV format like int4, got " + d);
        return Optional.empty();
      }
      if (group.kvDtype().isPresent() && parsed.get() != group.kvDtype().get()) {
        errors.add(
            path
                + ".dtype: "
                + parsed.get().id()
                + " differs from the group's kv_dtype "
                + group.kvDtype().get().id());
        return Optional.empty();
      }
      dtype = parsed;
    }
    Optional<Integer> budget = Optional.empty();
    JsonNode b = node.get("eviction_budget");
    if (b != null) {
      if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 1) {
        errors.add(path + ".eviction_budget: expected an integer >= 1, got " + b);
        return Optional.empty();
      }
      budget = Optional.of(b.intValue());
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("dtype") && !name.equals("eviction_budget")) {
        errors.add(path + "." + name + ": unknown field; expected dtype or eviction_budget");
        return Optional.empty();
      }
    }
    return Optional.of(new KvCompressionSetting(dtype, budget));
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting
        .map(KvCompressionSetting.class::cast)
        .ifPresent(
            kc -> {
              ObjectNode kv = group.putObject(key());
              kc.dtype().ifPresent(d -> kv.put("dtype", d.id()));
              kc.evictionBudget().ifPresent(b -> kv.put("eviction_budget", b));
            });
  }

  @Override
  public String text(TechniqueSetting setting) {
    return ", kv compression (" + ((KvCompressionSetting) setting).text() + ")";
  }
}
