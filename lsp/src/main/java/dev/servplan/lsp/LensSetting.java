package dev.servplan.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code servplan.codeLens} switch from initialization options or workspace settings.
 * Clients spell it three ways: nested as VS Code sends a configuration section ({@code {"servplan":
 * {"codeLens": false}}}), flat ({@code {"servplan.codeLens": false}}), or bare in server-specific
 * initialization options ({@code {"codeLens": false}}).
 */
final class LensSetting {
  static final String SECTION = "servplan";
  static final String KEY = "codeLens";

  private LensSetting() {}

  /** The switch if the settings say anything about it; LSP4J hands JSON over as Gson trees. */
  static Optional<Boolean> read(Object settings) {
    if (settings instanceof JsonObject json) {
      return fromJson(json);
    }
    if (settings instanceof Map<?, ?> map) {
      return fromMap(map);
    }
    return Optional.empty();
  }

  private static Optional<Boolean> fromJson(JsonObject json) {
    JsonElement section = json.get(SECTION);
    if (section != null && section.isJsonObject()) {
      Optional<Boolean> nested = bool(section.getAsJsonObject().get(KEY));
      if (nested.isPresent()) {
        return nested;
      }
    }
    Optional<Boolean> flat = bool(json.get(SECTION + "." + KEY));
    return flat.isPresent() ? flat : bool(json.get(KEY));
  }

  private static Optional<Boolean> fromMap(Map<?, ?> map) {
    if (map.get(SECTION) instanceof Map<?, ?> section && section.get(KEY) instanceof Boolean b) {
      return Optional.of(b);
    }
    if (map.get(SECTION + "." + KEY) instanceof Boolean b) {
      return Optional.of(b);
    }
    return map.get(KEY) instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  private static Optional<Boolean> bool(JsonElement value) {
    if (value != null && value.isJsonPrimitive()) {
      JsonPrimitive p = value.getAsJsonPrimitive();
      if (p.isBoolean()) {
        return Optional.of(p.getAsBoolean());
      }
    }
    return Optional.empty();
  }
}
