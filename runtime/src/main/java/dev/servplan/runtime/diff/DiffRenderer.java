package dev.servplan.runtime.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Predicted;
import dev.servplan.hwdb.unit.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * Text (for people and PR comments, Markdown-friendly) and JSON (for tools) forms of a plan diff.
 */
public final class DiffRenderer {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  private DiffRenderer() {}

  static String money(double dollars) {
    return (dollars < 0 ? "-$" : "$")
        + new BigDecimal(Math.abs(dollars)).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String signedMoney(double dollars) {
    return (dollars > 0 ? "+" : "") + money(dollars);
  }

  private static String percent(double fraction) {
    return (fraction > 0 ? "+" : "")
        + new BigDecimal(fraction * 100).setScale(1, RoundingMode.HALF_EVEN).toPlainString()
        + "%";
  }

  public static String text(PlanDiff diff) {
    StringBuilder out = new StringBuilder();
    out.append("cost: ")
        .append(money(diff.oldCostPerHour()))
        .append("/h -> ")
        .append(money(diff.newCostPerHour()))
        .append("/h (")
        .append(signedMoney(diff.costDelta()))
        .append("/h");
    diff.costDeltaFraction().ifPresent(f -> out.append(", ").append(percent(f)));
    out.append(")\n");
    if (diff.unchanged()) {
      out.append("no changes\n");
      return out.toString();
    }
    for (PlanDiff.DeploymentDiff d : diff.deployments()) {
      out.append('\n').append("deployment ").append(d.name());
      if (d.before().isEmpty()) {
        out.append(" (added)");
      } else if (d.after().isEmpty()) {
        out.append(" (removed)");
      }
      out.append('\n');
      if (d.before().isPresent() && d.after().isPresent()) {
        Predicted a = d.before().get();
        Predicted b = d.after().get();
        out.append("  ttft p99: ")
            .append(ms(a.ttftP99().millis()))
            .append(" -> ")
            .append(ms(b.ttftP99().millis()))
            .append(delta(b.ttftP99().millis() - a.ttftP99().millis(), "ms"))
            .append('\n');
        out.append("  tpot p99: ")
            .append(ms(a.tpotP99().millis()))
            .append(" -> ")
            .append(ms(b.tpotP99().millis()))
            .append(delta(b.tpotP99().millis() - a.tpotP99().millis(), "ms"))
            .append('\n');
        out.append("  slo attainment: ")
            .append(a.sloAttainment())
            .append(" -> ")
            .append(b.sloAttainment())
            .append('\n');
      }
      for (PlanDiff.GroupChange g : d.groups()) {
        if (g.kind() == PlanDiff.ChangeKind.SAME) {
          continue;
        }
        char mark =
            g.kind() == PlanDiff.ChangeKind.ADDED
                ? '+'
                : g.kind() == PlanDiff.ChangeKind.REMOVED ? '-' : '~';
        out.append("  ")
            .append(mark)
            .append(' ')
            .append(g.role())
            .append(" on ")
            .append(g.pool())
            .append(" (")
            .append(g.gpu())
            .append("): ");
        if (g.kind() == PlanDiff.ChangeKind.CHANGED) {
          out.append(String.join(", ", g.fields()));
        } else {
          out.append(shape(g.before().orElseGet(() -> g.after().orElseThrow())));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String shape(Group g) {
    return g.instances()
        + " x (tp="
        + g.tp()
        + " pp="
        + g.pp()
        + " ep="
        + g.ep()
        + ", "
        + g.weights().id()
        + " weights, "
        + g.kvDtype().id()
        + " kv) = "
        + g.totalGpus()
        + " GPUs";
  }

  private static String ms(double v) {
    return Quantities.formatNumber(v) + "ms";
  }

  private static String delta(double v, String unit) {
    if (v == 0) {
      return "";
    }
    return " (" + (v > 0 ? "+" : "") + Quantities.formatNumber(v) + unit + ")";
  }

  public static JsonNode json(PlanDiff diff) {
    ObjectNode root = F.objectNode();
    ObjectNode cost = root.putObject("cost_per_hour");
    cost.set("old", num(diff.oldCostPerHour()));
    cost.set("new", num(diff.newCostPerHour()));
    cost.set("delta", num(diff.costDelta()));
    cost.set(
        "delta_fraction", diff.costDeltaFraction().map(DiffRenderer::num).orElse(F.nullNode()));
    root.put("unchanged", diff.unchanged());
    ArrayNode deps = root.putArray("deployments");
    for (PlanDiff.DeploymentDiff d : diff.deployments()) {
      ObjectNode n = deps.addObject();
      n.put("name", d.name());
      n.put(
          "status",
          d.before().isEmpty()
              ? "added"
              : d.after().isEmpty() ? "removed" : d.unchanged() ? "same" : "changed");
      n.set("predicted_before", predicted(d.before()));
      n.set("predicted_after", predicted(d.after()));
      ArrayNode groups = n.putArray("groups");
      for (PlanDiff.GroupChange g : d.groups()) {
        ObjectNode gn = groups.addObject();
        gn.put("change", g.kind().name().toLowerCase(Locale.ROOT));
        gn.put("role", g.role());
        gn.put("pool", g.pool());
        gn.put("gpu", g.gpu());
        ArrayNode fields = gn.putArray("fields");
        g.fields().forEach(fields::add);
      }
    }
    return root;
  }

  private static JsonNode predicted(Optional<Predicted> p) {
    if (p.isEmpty()) {
      return F.nullNode();
    }
    ObjectNode n = F.objectNode();
    n.set("ttft_p99_ms", num(p.get().ttftP99().millis()));
    n.set("tpot_p99_ms", num(p.get().tpotP99().millis()));
    n.set("slo_attainment", num(p.get().sloAttainment().value()));
    return n;
  }

  private static JsonNode num(double v) {
    String text = Quantities.formatNumber(v);
    return text.indexOf('.') < 0
        ? F.numberNode(Long.parseLong(text))
        : F.numberNode(new BigDecimal(text));
  }
}
