package dev.servplan.compiler.technique.prefixcaching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.List;
import java.util.Optional;

/**
 * The plan's {@code prefix_caching: true|false} of a group, written either way; plans written
 * before the field existed read as without the cache.
 */
public final class PrefixCachingCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public String key() {
    return "prefix_caching";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    if (!node.isBoolean()) {
      errors.add(path + ": expected true or false, got " + node);
      return Optional.empty();
    }
    return node.booleanValue() ? Optional.of(PrefixCaching.ON) : Optional.empty();
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    group.put(key(), setting.isPresent());
  }

  @Override
  public String text(TechniqueSetting setting) {
    return ", prefix caching";
  }
}
