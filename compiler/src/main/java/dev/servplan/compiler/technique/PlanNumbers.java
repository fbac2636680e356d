package dev.servplan.compiler.technique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.servplan.hwdb.unit.Quantities;
import java.math.BigDecimal;

/** Numbers in a plan's canonical text form, shared by the plan writer and the technique codecs. */
public final class PlanNumbers {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  private PlanNumbers() {}

  /** A number in the canonical text form, so the same double always prints the same digits. */
  public static JsonNode num(double value) {
    if (!Double.isFinite(value)) {
      // JSON has no infinities; a plan never needs one, but a broken cost model must not crash
      // output.
      return F.nullNode();
    }
    String text = Quantities.formatNumber(value);
    if (text.indexOf('.') < 0) {
      return F.numberNode(Long.parseLong(text));
    }
    return F.numberNode(new BigDecimal(text));
  }

  /** {@code v} rounded to three decimals, for the text form. */
  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
