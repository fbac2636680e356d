package dev.servplan.hwdb.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one entry of a catalog data file, collecting every problem instead of stopping at the
 * first, and recording the source of each sourced figure it reads. A figure is written {@code
 * {value: 80, unit: GiB, source: "..."}}; a reference to another entry {@code {id: nvlink4, source:
 * "..."}}.
 */
final class EntryReader {
  private final JsonNode node;
  private final String where;
  private final List<String> problems;
  private final Map<String, String> sources = new TreeMap<>();

  EntryReader(JsonNode node, String where, List<String> problems) {
    this.node = node;
    this.where = where;
    this.problems = problems;
  }

  Map<String, String> sources() {
    return sources;
  }

  void problem(String message) {
    problems.add(where + ": " + message);
  }

  /** Reports keys outside {@code allowed}: a misspelt key would otherwise be silently ignored. */
  void onlyKeys(Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problem("unknown key '" + key + "', expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  String text(String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problem("'" + key + "' must be a non-empty string");
      return "";
    }
    return value.asText();
  }

  boolean bool(String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isBoolean()) {
      problem("'" + key + "' must be true or false");
      return false;
    }
    return value.asBoolean();
  }

  List<String> strings(String key) {
    JsonNode value = node.get(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!value.isArray()) {
      problem("'" + key + "' must be a list of strings");
      return out;
    }
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isBlank()) {
        problem("'" + key + "' must hold only non-empty strings, found " + item);
      } else {
        out.add(item.asText());
      }
    }
    return out;
  }

  JsonNode child(String key) {
    return node.get(key);
  }

  /** A sourced figure converted to the dimension's base unit; 0 after a reported problem. */
  double figure(String key, Units.Dimension dimension) {
    return figure(node.get(key), key, dimension);
  }

  double figure(JsonNode fig, String key, Units.Dimension dimension) {
    if (fig == null || !fig.isObject()) {
      problem("'" + key + "' must be {value, unit, source} in " + dimension.base);
      return 0;
    }
    JsonNode value = fig.get("value");
    JsonNode unit = fig.get("unit");
    String source = sourceOf(fig, key);
    if (value == null || !value.isNumber() || !(value.asDouble() > 0)) {
      problem("'" + key + ".value' must be a positive number, found " + value);
      return 0;
    }
    if (unit == null || !unit.isTextual()) {
      problem("'" + key + ".unit' is missing; expected one of " + Units.accepted(dimension));
      return 0;
    }
    Optional<Double> base = Units.toBase(value.asDouble(), unit.asText(), dimension);
    if (base.isEmpty()) {
      problem(
          "'"
              + key
              + ".unit' is '"
              + unit.asText()
              + "', expected one of "
              + Units.accepted(dimension));
      return 0;
    }
    if (source != null) {
      sources.put(key, source);
    }
    return base.get();
  }

  /**
   * A reference {@code {id, source}} to an entry of another catalog, checked later by the caller.
   */
  String reference(String key) {
    JsonNode ref = node.get(key);
    if (ref == null || !ref.isObject() || ref.get("id") == null || !ref.get("id").isTextual()) {
      problem("'" + key + "' must be {id, source}");
      return "";
    }
    String source = sourceOf(ref, key);
    if (source != null) {
      sources.put(key, source);
    }
    return ref.get("id").asText();
  }

  private String sourceOf(JsonNode fig, String key) {
    JsonNode source = fig.get("source");
    if (source == null || !source.isTextual() || source.asText().isBlank()) {
      problem("'" + key + "' has no source; every figure must cite where it comes from");
      return null;
    }
    return source.asText();
  }
}
