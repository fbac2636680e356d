package dev.servplan.compiler.technique.expertoffload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.List;
import java.util.Optional;

/** The plan's {@code expert_offload: {cached_experts}} block of a group. */
public final class ExpertOffloadCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public String key() {
    return "expert_offload";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    JsonNode cached = node.isObject() ? node.get("cached_experts") : null;
    if (cached == null
        || !cached.isIntegralNumber()
        || !cached.canConvertToInt()
        || cached.intValue() < 0) {
      errors.add(
          path
              + ".cached_experts: expected an integer >= 0 (routed experts per layer kept on each GPU)");
      return Optional.empty();
    }
    return Optional.of(new ExpertOffload(cached.intValue()));
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting
        .map(ExpertOffload.class::cast)
        .ifPresent(x -> group.putObject(key()).put("cached_experts", x.cachedExperts()));
  }

  @Override
  public String text(TechniqueSetting setting) {
    return ", expert offload ("
        + ((ExpertOffload) setting).cachedExperts()
        + " experts per layer cached on each GPU)";
  }
}
