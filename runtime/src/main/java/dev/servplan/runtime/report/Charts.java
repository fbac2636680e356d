package dev.servplan.runtime.report;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.hwdb.unit.Quantities;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's inline SVG charts. Every chart is an {@code <svg class="chart ...">} with a title.
 */
final class Charts {
  static final double LABEL = 200;
  static final double BAR = 18;
  static final double GAP = 8;

  private Charts() {}

  private record Row(String label, Group group, PlanDeployment deployment) {}

  private static List<Row> rows(Plan plan) {
    List<Row> rows = new ArrayList<>();
    for (PlanDeployment d : plan.deployments()) {
      for (Group g : d.groups()) {
        rows.add(
            new Row(
                d.name()
                    + " / "
                    + g.role().id()
                    + " ("
                    + g.instances()
                    + "x"
                    + g.gpusPerInstance()
                    + " "
                    + g.gpu()
                    + ")",
                g,
                d));
      }
    }
    return rows;
  }

  private static String open(String cls, double height, String title) {
    return "<svg class=\"chart "
        + cls
        + "\" role=\"img\" width=\""
        + HtmlReport.WIDTH
        + "\" height=\""
        + Svg.n(height)
        + "\" viewBox=\"0 0 "
        + HtmlReport.WIDTH
        + " "
        + Svg.n(height)
        + "\"><title>"
        + Svg.esc(title)
        + "</title>";
  }

  static String costBars(Plan plan) {
    List<Row> rows = rows(plan);
    double max =
        rows.stream().mapToDouble(r -> r.group().costPerHour().dollarsPerHour()).max().orElse(1);
    double span = HtmlReport.WIDTH - LABEL - 90;
    double height = rows.size() * (BAR + GAP) + GAP + 20;
    StringBuilder s = new StringBuilder(open("cost", height, "cost per group in $/h"));
    double y = GAP;
    for (Row r : rows) {
      double cost = r.group().costPerHour().dollarsPerHour();
      double w = max > 0 ? cost / max * span : 0;
      s.append(Svg.text(LABEL - 6, y + BAR - 5, "end", "label", r.label()));
      s.append(
          Svg.rect(LABEL, y, w, BAR, "cost", r.label() + ": $" + HtmlReport.money(cost) + "/h"));
      s.append(
          Svg.text(
              LABEL + w + 6, y + BAR - 5, "start", "value", "$" + HtmlReport.money(cost) + "/h"));
      y += BAR + GAP;
    }
    s.append(
        Svg.text(
            LABEL,
            y + 12,
            "start",
            "total",
            "total $" + HtmlReport.money(plan.costPerHour().dollarsPerHour()) + "/h"));
    return s.append("</svg>\n").toString();
  }

  static String memoryBars(Plan plan) {
    List<Row> rows = rows(plan);
    double span = HtmlReport.WIDTH - LABEL - 20;
    double height = rows.size() * (BAR + GAP) + GAP + 24;
    StringBuilder s =
        new StringBuilder(
            open(
                "memory",
                height,
                "memory per GPU: weights, KV cache, activations and overhead, free"));
    String[] classes = {"weights", "kv", "act", "free"};
    String[] names = {"weights", "KV cache", "activations + overhead", "free"};
    double y = GAP;
    for (Row r : rows) {
      double[] parts = HtmlReport.memoryParts(r.group().memoryPerGpu());
      double cap = r.group().memoryPerGpu().capacity().gib();
      double total = parts[0] + parts[1] + parts[2] + parts[3];
      // Scale to the larger of capacity and use, so an over-full plan shows its overflow.
      double scale = span / Math.max(cap, total);
      double x = LABEL;
      s.append(Svg.text(LABEL - 6, y + BAR - 5, "end", "label", r.label()));
      for (int i = 0; i < parts.length; i++) {
        double w = parts[i] * scale;
        s.append(
            Svg.rect(
                x,
                y,
                w,
                BAR,
                classes[i],
                names[i]
                    + ": "
                    + Quantities.formatNumber(Math.round(parts[i] * 100) / 100.0)
                    + " GiB of "
                    + Quantities.formatNumber(cap)
                    + " GiB"));
        x += w;
      }
      y += BAR + GAP;
    }
    double lx = LABEL;
    for (int i = 0; i < classes.length; i++) {
      s.append(Svg.rect(lx, y + 4, 10, 10, classes[i], names[i]));
      s.append(Svg.text(lx + 14, y + 13, "start", "legend", names[i]));
      lx += 24 + names[i].length() * 7;
    }
    return s.append("</svg>\n").toString();
  }

  static String costLatency(Plan plan) {
    double left = 70;
    double bottom = 40;
    double h = 260;
    double w = HtmlReport.WIDTH - left - 20;
    double maxCost = plan.costPerHour().dollarsPerHour();
    double baseline = plan.baseline().costPerHour().map(c -> c.dollarsPerHour()).orElse(0.0);
    maxCost = Math.max(maxCost, baseline) * 1.1;
    double maxLatency = 0;
    for (PlanDeployment d : plan.deployments()) {
      maxLatency = Math.max(maxLatency, d.predicted().ttftP99().millis());
    }
    maxLatency = maxLatency > 0 ? maxLatency * 1.2 : 1;
    StringBuilder s =
        new StringBuilder(open("pareto", h + bottom + 10, "deployment cost vs predicted p99 TTFT"));
    s.append("<line class=\"axis\" x1=\"")
        .append(Svg.n(left))
        .append("\" y1=\"")
        .append(Svg.n(h))
        .append("\" x2=\"")
        .append(Svg.n(left + w))
        .append("\" y2=\"")
        .append(Svg.n(h))
        .append("\"/>");
    s.append("<line class=\"axis\" x1=\"")
        .append(Svg.n(left))
        .append("\" y1=\"10\" x2=\"")
        .append(Svg.n(left))
        .append("\" y2=\"")
        .append(Svg.n(h))
        .append("\"/>");
    s.append(Svg.text(left + w / 2, h + 32, "middle", "axis-label", "cost ($/h)"));
    s.append(Svg.text(14, 20, "start", "axis-label", "p99 TTFT (ms)"));
    for (int i = 0; i <= 4; i++) {
      double c = maxCost * i / 4;
      double x = left + w * i / 4;
      s.append(Svg.text(x, h + 16, "middle", "tick", HtmlReport.money(c)));
      double l = maxLatency * i / 4;
      s.append(
          Svg.text(
              left - 6,
              h - (h - 10) * i / 4 + 4,
              "end",
              "tick",
              Quantities.formatNumber(Math.round(l))));
    }
    if (baseline > 0) {
      double x = left + baseline / maxCost * w;
      s.append("<line class=\"baseline\" x1=\"")
          .append(Svg.n(x))
          .append("\" y1=\"10\" x2=\"")
          .append(Svg.n(x))
          .append("\" y2=\"")
          .append(Svg.n(h))
          .append("\"><title>baseline: $")
          .append(HtmlReport.money(baseline))
          .append("/h (its latency is not recorded in the plan)</title></line>");
      s.append(
          Svg.text(x - 4, 22, "end", "label", "baseline $" + HtmlReport.money(baseline) + "/h"));
    }
    for (PlanDeployment d : plan.deployments()) {
      double cost = d.groups().stream().mapToDouble(g -> g.costPerHour().dollarsPerHour()).sum();
      double x = left + cost / maxCost * w;
      double y = h - d.predicted().ttftP99().millis() / maxLatency * (h - 10);
      s.append("<circle class=\"chosen\" cx=\"")
          .append(Svg.n(x))
          .append("\" cy=\"")
          .append(Svg.n(y))
          .append("\" r=\"6\"><title>")
          .append(
              Svg.esc(
                  "chosen: "
                      + d.name()
                      + ", $"
                      + HtmlReport.money(cost)
                      + "/h, p99 TTFT "
                      + Quantities.formatNumber(d.predicted().ttftP99().millis())
                      + " ms"))
          .append("</title></circle>");
      s.append(Svg.text(x + 9, y + 4, "start", "label", d.name() + " (chosen)"));
    }
    return s.append("</svg>\n").toString();
  }
}
