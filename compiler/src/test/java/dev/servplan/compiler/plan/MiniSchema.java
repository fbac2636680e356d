package dev.servplan.compiler.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A hand-rolled check of the JSON Schema keywords docs/plan-schema.json uses (type, const, enum,
 * required, properties, additionalProperties, items, minItems, minimum, maximum, pattern, $ref), so
 * the schema is tested without a schema-validator dependency.
 */
final class MiniSchema {
  private final JsonNode root;
  private final List<String> errors = new ArrayList<>();

  private MiniSchema(JsonNode root) {
    this.root = root;
  }

  static List<String> validate(JsonNode schema, JsonNode instance) {
    MiniSchema s = new MiniSchema(schema);
    s.check(schema, instance, "$");
    return s.errors;
  }

  private void check(JsonNode schema, JsonNode value, String path) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      JsonNode target = root.at(ref.substring(1));
      if (target.isMissingNode()) {
        errors.add(path + ": unresolvable $ref " + ref);
        return;
      }
      check(target, value, path);
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      errors.add(path + ": expected const " + schema.get("const") + ", got " + value);
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        errors.add(path + ": " + value + " not in enum " + schema.get("enum"));
      }
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
      errors.add(path + ": expected type " + schema.get("type") + ", got " + value.getNodeType());
      return;
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(path + ": " + value + " < minimum " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(path + ": " + value + " > maximum " + schema.get("maximum"));
      }
    }
    if (value.isTextual()
        && schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      errors.add(path + ": \"" + value.asText() + "\" does not match " + schema.get("pattern"));
    }
    if (value.isObject()) {
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText())) {
          errors.add(path + ": missing required key " + req);
        }
      }
      JsonNode props = schema.path("properties");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (props.has(f.getKey())) {
          check(props.get(f.getKey()), f.getValue(), path + "." + f.getKey());
        } else if (schema.path("additionalProperties").isBoolean()
            && !schema.get("additionalProperties").asBoolean()) {
          errors.add(path + ": unexpected key \"" + f.getKey() + "\"");
        }
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(path + ": fewer than " + schema.get("minItems") + " items");
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          check(schema.get("items"), value.get(i), path + "[" + i + "]");
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, value)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asText()) {
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "string":
        return value.isTextual();
      case "integer":
        return value.isIntegralNumber()
            || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
      case "number":
        return value.isNumber();
      case "boolean":
        return value.isBoolean();
      case "null":
        return value.isNull();
      default:
        return false;
    }
  }
}
