package dev.servplan.compiler.technique.offload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanNumbers;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.unit.Quantities;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The plan's {@code offload: {weights_host_gib, weights_nvme_gib, kv_host_gib}} block of a group;
 * unused tiers are omitted (an absent key reads as 0).
 */
public final class OffloadCodec implements PlanCodec {
  private static final List<String> KEYS =
      List.of("weights_host_gib", "weights_nvme_gib", "kv_host_gib");

  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public String key() {
    return "offload";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    if (!node.isObject()) {
      errors.add(
          path
              + ": expected an object with weights_host_gib, weights_nvme_gib or kv_host_gib, got "
              + node);
      return Optional.empty();
    }
    double[] gib = new double[KEYS.size()];
    boolean ok = true;
    for (int i = 0; i < gib.length; i++) {
      JsonNode v = node.get(KEYS.get(i));
      if (v == null) {
        continue; // an absent tier holds nothing
      }
      if (!v.isNumber() || !(v.doubleValue() >= 0) || Double.isInfinite(v.doubleValue())) {
        errors.add(path + "." + KEYS.get(i) + ": expected a number of GiB per GPU >= 0");
        ok = false;
      } else {
        gib[i] = v.doubleValue();
      }
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        errors.add(path + "." + name + ": unknown key; expected one of " + KEYS);
        ok = false;
      }
    }
    if (ok && !(gib[0] + gib[1] + gib[2] > 0)) {
      errors.add(path + ": expected at least one positive tier (omit offload to keep all on GPU)");
      ok = false;
    }
    return ok ? Optional.of(new Offload(gib[0], gib[1], gib[2])) : Optional.empty();
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting
        .map(Offload.class::cast)
        .ifPresent(
            o -> {
              ObjectNode tiers = group.putObject(key());
              if (o.weightsHostGib() > 0) {
                tiers.set("weights_host_gib", PlanNumbers.num(o.weightsHostGib()));
              }
              if (o.weightsNvmeGib() > 0) {
                tiers.set("weights_nvme_gib", PlanNumbers.num(o.weightsNvmeGib()));
              }
              if (o.kvHostGib() > 0) {
                tiers.set("kv_host_gib", PlanNumbers.num(o.kvHostGib()));
              }
            });
  }

  /** The memory tiers of a group: ", offload 106 GiB/GPU of weights to host, ...". */
  @Override
  public String text(TechniqueSetting setting) {
    Offload o = (Offload) setting;
    List<String> parts = new ArrayList<>();
    if (o.weightsHostGib() > 0) {
      parts.add(
          Quantities.formatNumber(PlanNumbers.round3(o.weightsHostGib()))
              + " GiB/GPU of weights to host");
    }
    if (o.weightsNvmeGib() > 0) {
      parts.add(
          Quantities.formatNumber(PlanNumbers.round3(o.weightsNvmeGib()))
              + " GiB/GPU of weights to NVMe");
    }
    if (o.kvHostGib() > 0) {
      parts.add(
          Quantities.formatNumber(PlanNumbers.round3(o.kvHostGib()))
              + " GiB/GPU of KV cache to host");
    }
    return ", offload " + String.join(", ", parts);
  }
}
