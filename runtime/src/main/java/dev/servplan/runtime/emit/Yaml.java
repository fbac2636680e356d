package dev.servplan.runtime.emit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** YAML output of JSON trees, keys in insertion order, for manifests and engine option files. */
final class Yaml {
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private Yaml() {}

  static String write(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      // Writing an in-memory tree of plain nodes cannot fail short of a Jackson bug.
      throw new IllegalStateException("cannot write YAML", e);
    }
  }
}
