package dev.servplan.compiler.technique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.List;
import java.util.Optional;

/**
 * How one technique's setting appears in a plan group (docs/plan-schema.json): the key of its
 * block, how it is read (with errors naming the path), written and summarised in the text form.
 * Each technique registers one in {@code
 * META-INF/services/dev.servplan.compiler.technique.PlanCodec} of the compiler module; {@link
 * PlanCodecs} finds them.
 */
public interface PlanCodec {
  /** The technique whose setting this codec handles. */
  Technique technique();

  /** The group key of the block, e.g. {@code speculative}. */
  String key();

  /**
   * The setting the block {@code node} at {@code path} states, or empty (adding to {@code errors}
   * when it is malformed, and for a block that states the technique is off). {@code group} holds
   * the group fields read before the techniques.
   */
  Optional<TechniqueSetting> read(JsonNode node, String path, Fields group, List<String> errors);

  /**
   * Writes the group's setting of this technique, if any, into {@code group}. A technique may write
   * a block for an absent setting too (prefix caching writes {@code false}).
   */
  void write(Optional<TechniqueSetting> setting, ObjectNode group);

  /** The setting in the plan's one-line group text, e.g. {@code ", speculative (draft …)"}. */
  String text(TechniqueSetting setting);

  /** Group fields a technique's block may be checked against. */
  record Fields(Optional<Dtype> kvDtype) {}
}
