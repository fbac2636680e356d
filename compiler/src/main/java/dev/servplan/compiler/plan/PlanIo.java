package dev.servplan.compiler.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes plans as JSON or YAML. Output is byte-stable: keys in a fixed order, numbers in
 * the shortest plain form at 6 significant digits, {@code \n} line ends. Reading never throws: it
 * returns the plan or the errors, each naming the JSON path and what was expected.
 */
public final class PlanIo {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private PlanIo() {}

  /** The outcome of reading a plan: the plan when there were no errors. */
  public record ReadResult(Optional<Plan> plan, List<String> errors) {
    public ReadResult {
      Objects.requireNonNull(plan, "plan");
      errors = List.copyOf(errors);
    }

    public boolean ok() {
      return plan.isPresent() && errors.isEmpty();
    }
  }

  /** The plan as a JSON tree, keys in schema order. */
  public static JsonNode toTree(Plan plan) {
    return PlanWriter.plan(plan);
  }

  public static String write(Plan plan, PlanFormat format) {
    JsonNode tree = toTree(plan);
    try {
      if (format == PlanFormat.YAML) {
        return YAML.writeValueAsString(tree);
      }
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
      printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
      return JSON.writer(printer).writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      // Writing an in-memory tree of plain nodes cannot fail short of a Jackson bug.
      throw new IllegalStateException("cannot serialize plan", e);
    }
  }

  public static ReadResult read(String text, PlanFormat format) {
    JsonNode tree;
    try {
      tree = (format == PlanFormat.YAML ? YAML : JSON).readTree(text);
    } catch (JsonProcessingException e) {
      return new ReadResult(
          Optional.empty(),
          List.of(
              "not valid "
                  + format.name().toLowerCase(Locale.ROOT)
                  + ": "
                  + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      return new ReadResult(Optional.empty(), List.of("the plan file is empty"));
    }
    return PlanReader.read(tree);
  }
}
