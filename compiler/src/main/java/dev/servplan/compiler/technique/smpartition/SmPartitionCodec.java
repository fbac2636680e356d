package dev.servplan.compiler.technique.smpartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanNumbers;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.unit.Quantities;
import java.util.List;
import java.util.Optional;

/** The plan's {@code sm_partition: {prefill}} block of a unified group. */
public final class SmPartitionCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public String key() {
    return "sm_partition";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    JsonNode prefill = node.isObject() ? node.get("prefill") : null;
    if (prefill == null
        || !prefill.isNumber()
        || !(prefill.doubleValue() > 0 && prefill.doubleValue() < 1)) {
      errors.add(
          path + ": expected {prefill: SHARE} with a share strictly between 0 and 1, got " + node);
      return Optional.empty();
    }
    return Optional.of(new SmSplit(prefill.doubleValue()));
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting
        .map(SmSplit.class::cast)
        .ifPresent(
            split -> group.putObject(key()).set("prefill", PlanNumbers.num(split.prefill())));
  }

  @Override
  public String text(TechniqueSetting setting) {
    return ", SM partition (prefill "
        + Quantities.formatNumber(PlanNumbers.round3(((SmSplit) setting).prefill() * 100))
        + "% of SMs)";
  }
}
