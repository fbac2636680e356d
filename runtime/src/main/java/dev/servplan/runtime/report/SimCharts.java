package dev.servplan.runtime.report;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.LatencyCdf;
import dev.servplan.runtime.sim.Percentiles;
import dev.servplan.runtime.sim.RequestTimeline;
import dev.servplan.runtime.sim.TargetCheck;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * The simulation's inline SVG charts for one deployment: the latency CDFs (TTFT, TPOT and E2E on
 * one log-scale millisecond axis, with the SLO limits and p50/p99) and the sampled request
 * timeline.
 */
final class SimCharts {
  /**
   * Instance colours cycle through this many classes ({@code c0}…); the legend says when they
   * repeat.
   */
  static final int COLOURS = 10;

  private static final double LEFT = 60;
  private static final double RIGHT = 20;
  private static final double TOP = 24;
  private static final double PLOT_H = 240;
  private static final double ROW = 3.5;
  private static final double ROW_BAR = 2.5;

  private SimCharts() {}

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

  private static String line(String cls, double x1, double y1, double x2, double y2) {
    return "<line class=\""
        + cls
        + "\" x1=\""
        + Svg.n(x1)
        + "\" y1=\""
        + Svg.n(y1)
        + "\" x2=\""
        + Svg.n(x2)
        + "\" y2=\""
        + Svg.n(y2)
        + "\"/>";
  }

  /** Whether the deployment has any latency sample to draw a CDF of. */
  static boolean hasCdf(DeploymentResult r) {
    for (Slo.Metric m : Slo.Metric.values()) {
      if (!r.cdf(m).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** One path per metric with samples; the caller checks {@link #hasCdf} first. */
  static String cdf(DeploymentResult r) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Slo.Metric m : Slo.Metric.values()) {
      for (LatencyCdf.Point p : r.cdf(m).points()) {
        if (p.value() > 0) {
          lo = Math.min(lo, p.value());
        }
        hi = Math.max(hi, p.value());
      }
    }
    for (TargetCheck t : r.targets()) {
      lo = Math.min(lo, t.target().limit().millis());
      hi = Math.max(hi, t.target().limit().millis());
    }
    if (!(lo < Double.POSITIVE_INFINITY)) {
      lo = hi > 0 ? hi : 1;
    }
    // Whole decades, so the ticks are 1, 10, 100 ms ... and every value sits inside.
    int from = (int) Math.floor(Math.log10(lo));
    int to = Math.max(from + 1, (int) Math.ceil(Math.log10(Math.max(hi, lo))));
    LogAxis x = new LogAxis(from, to, LEFT, HtmlReport.WIDTH - RIGHT);
    double bottom = TOP + PLOT_H;
    StringBuilder s =
        new StringBuilder(
            open(
                "cdf",
                bottom + 58,
                r.name()
                    + ": latency CDFs (share of requests at or below each latency, log scale)"));
    s.append(line("axis", LEFT, bottom, HtmlReport.WIDTH - RIGHT, bottom))
        .append(line("axis", LEFT, TOP, LEFT, bottom));
    for (int e = from; e <= to; e++) {
      double px = x.at(Math.pow(10, e));
      s.append(line("grid", px, TOP, px, bottom));
      s.append(Svg.text(px, bottom + 15, "middle", "tick", ms(Math.pow(10, e))));
    }
    for (int i = 0; i <= 4; i++) {
      double py = bottom - PLOT_H * i / 4;
      s.append(line("grid", LEFT, py, HtmlReport.WIDTH - RIGHT, py));
      s.append(Svg.text(LEFT - 6, py + 4, "end", "tick", (i * 25) + "%"));
    }
    s.append(
        Svg.text(
            LEFT + (HtmlReport.WIDTH - LEFT - RIGHT) / 2,
            bottom + 32,
            "middle",
            "axis-label",
            "latency (log scale)"));
    s.append(Svg.text(6, TOP - 8, "start", "axis-label", "share of requests"));
    int sloIndex = 0;
    for (TargetCheck t : r.targets()) {
      double px = x.at(t.target().limit().millis());
      // Each label one line lower than the previous, so limits close together stay readable.
      double labelY = TOP + 10 + 12 * (sloIndex++ % 4);
      String metric = t.target().metric().id();
      String label =
          metric.toUpperCase(Locale.ROOT)
              + " "
              + t.target().percentile().id()
              + " ≤ "
              + ms(t.target().limit().millis());
      s.append("<line class=\"slo ")
          .append(metric)
          .append("\" x1=\"")
          .append(Svg.n(px))
          .append("\" y1=\"")
          .append(Svg.n(TOP))
          .append("\" x2=\"")
          .append(Svg.n(px))
          .append("\" y2=\"")
          .append(Svg.n(bottom))
          .append("\"><title>")
          .append(
              Svg.esc(
                  "SLO "
                      + label
                      + (t.met() ? " (met" : " (missed")
                      + ", simulated "
                      + ms(t.simulatedMs())
                      + ")"))
          .append("</title></line>");
      s.append(Svg.text(px + 3, labelY, "start", "slo-label " + metric, "SLO " + label));
    }
    double legendX = LEFT;
    for (Slo.Metric m : Slo.Metric.values()) {
      LatencyCdf cdf = r.cdf(m);
      String name = m.id().toUpperCase(Locale.ROOT);
      if (cdf.isEmpty()) {
        s.append(Svg.text(legendX, bottom + 50, "start", "legend", name + ": no samples"));
        legendX += 130;
        continue;
      }
      StringBuilder d = new StringBuilder();
      List<LatencyCdf.Point> points = cdf.points();
      // Start on the x axis at the first value, so the curve rises from 0%.
      d.append('M').append(Svg.n(x.at(points.get(0).value()))).append(',').append(Svg.n(bottom));
      for (LatencyCdf.Point p : points) {
        d.append(" L")
            .append(Svg.n(x.at(p.value())))
            .append(',')
            .append(Svg.n(bottom - p.share() * PLOT_H));
      }
      Percentiles pct = r.metric(m);
      s.append("<path class=\"series ")
          .append(m.id())
          .append("\" d=\"")
          .append(d)
          .append("\"><title>")
          .append(Svg.esc(name + " CDF, " + pct.samples() + " requests"))
          .append("</title></path>");
      mark(s, x, bottom, name, m.id(), "p50", pct.p50(), 0.50);
      mark(s, x, bottom, name, m.id(), "p99", pct.p99(), 0.99);
      s.append("<rect class=\"swatch ")
          .append(m.id())
          .append("\" x=\"")
          .append(Svg.n(legendX))
          .append("\" y=\"")
          .append(Svg.n(bottom + 41))
          .append("\" width=\"10\" height=\"10\"><title>")
          .append(Svg.esc(name))
          .append("</title></rect>");
      s.append(
          Svg.text(
              legendX + 14,
              bottom + 50,
              "start",
              "legend",
              name + " p50 " + ms(pct.p50()) + ", p99 " + ms(pct.p99())));
      legendX += 215;
    }
    return s.append("</svg>\n").toString();
  }

  private static void mark(
      StringBuilder s,
      LogAxis x,
      double bottom,
      String name,
      String cls,
      String label,
      double valueMs,
      double share) {
    if (Double.isNaN(valueMs)) {
      return;
    }
    double px = x.at(valueMs);
    double py = bottom - share * PLOT_H;
    s.append("<circle class=\"pct ")
        .append(cls)
        .append("\" cx=\"")
        .append(Svg.n(px))
        .append("\" cy=\"")
        .append(Svg.n(py))
        .append("\" r=\"4\"><title>")
        .append(Svg.esc(name + " " + label + " " + ms(valueMs)))
        .append("</title></circle>");
    s.append(Svg.text(px - 6, py - 6, "end", "pct-label", label));
  }

  /**
   * One row per sampled request, arrival to finish, coloured by instance, the first token ticked.
   */
  static String timeline(DeploymentResult r) {
    RequestTimeline t = r.timeline();
    List<RequestTimeline.Request> requests = t.requests();
    double start = requests.isEmpty() ? 0 : requests.get(0).arrivalS();
    double end = start;
    for (RequestTimeline.Request q : requests) {
      end = Math.max(end, Double.isNaN(q.finishS()) ? q.arrivalS() : q.finishS());
    }
    double span = niceCeil(Math.max(end - start, 1e-3));
    double left = LEFT;
    double width = HtmlReport.WIDTH - LEFT - RIGHT;
    double bottom = TOP + Math.max(1, requests.size()) * ROW + 4;
    int legendRows = (t.instances().size() + 5) / 6;
    StringBuilder s =
        new StringBuilder(
            open(
                "timeline",
                bottom + 44 + legendRows * 16,
                r.name()
                    + ": the first "
                    + requests.size()
                    + " requests from arrival to finish, by instance"));
    for (int i = 0; i <= 5; i++) {
      double px = left + width * i / 5;
      s.append(line("grid", px, TOP, px, bottom));
      s.append(
          Svg.text(
              px,
              bottom + 15,
              "middle",
              "tick",
              "+" + Quantities.formatNumber(span * i / 5) + " s"));
    }
    s.append(line("axis", left, bottom, left + width, bottom))
        .append(line("axis", left, TOP, left, bottom));
    s.append(
        Svg.text(
            left + width / 2,
            bottom + 32,
            "middle",
            "axis-label",
            "simulated time since the first arrival ("
                + Quantities.formatNumber(Math.round(start * 1000) / 1000.0)
                + " s)"));
    s.append(Svg.text(6, TOP - 8, "start", "axis-label", "requests in arrival order"));
    double scale = width / span;
    for (int i = 0; i < requests.size(); i++) {
      RequestTimeline.Request q = requests.get(i);
      double y = TOP + i * ROW;
      double x0 = left + (q.arrivalS() - start) * scale;
      s.append("<g class=\"request\"><title>")
          .append(Svg.esc(describe(q, t.instances(), start)))
          .append("</title>");
      if (q.rejected()) {
        s.append(
            Svg.rect(
                x0,
                y,
                Math.max(3, (q.finishS() - q.arrivalS()) * scale),
                ROW_BAR,
                "rejected",
                "rejected"));
      } else {
        double split = Double.isNaN(q.handoffS()) ? q.finishS() : q.handoffS();
        s.append(bar(x0, left + (split - start) * scale, y, q.entryInstance()));
        if (!Double.isNaN(q.handoffS())) {
          s.append(
              bar(
                  left + (split - start) * scale,
                  left + (q.finishS() - start) * scale,
                  y,
                  q.instance()));
        }
        double ft = left + (q.firstTokenS() - start) * scale;
        s.append(line("first-token", ft, y - 0.5, ft, y + ROW_BAR + 0.5));
      }
      s.append("</g>");
    }
    double ly = bottom + 42;
    for (int k = 0; k < t.instances().size(); k++) {
      double lx = left + (k % 6) * 105;
      double row = ly + (k / 6) * 16;
      s.append(Svg.rect(lx, row - 9, 10, 10, "c" + (k % COLOURS), t.instances().get(k)));
      s.append(Svg.text(lx + 14, row, "start", "legend", t.instances().get(k)));
    }
    if (t.instances().size() > COLOURS) {
      s.append(
          Svg.text(
              left + width,
              bottom + 32,
              "end",
              "legend",
              "(colours repeat after " + COLOURS + " instances)"));
    }
    return s.append("</svg>\n").toString();
  }

  private static String bar(double x0, double x1, double y, int instance) {
    // A bar at least half a pixel wide, so a request that is over in a blink still shows.
    return "<rect class=\"c"
        + Math.floorMod(instance, COLOURS)
        + "\" x=\""
        + Svg.n(x0)
        + "\" y=\""
        + Svg.n(y)
        + "\" width=\""
        + Svg.n(Math.max(0.5, x1 - x0))
        + "\" height=\""
        + Svg.n(ROW_BAR)
        + "\"/>";
  }

  private static String describe(RequestTimeline.Request q, List<String> instances, double start) {
    StringBuilder d =
        new StringBuilder("request ")
            .append(q.sequence())
            .append(", ")
            .append(q.inputTokens())
            .append(" → ")
            .append(q.outputTokens())
            .append(" tokens, arrived at +")
            .append(Quantities.formatNumber(Math.round((q.arrivalS() - start) * 1000) / 1000.0))
            .append(" s");
    if (q.rejected()) {
      return d.append(": rejected (its context never fits an instance's KV cache)").toString();
    }
    d.append(" on ").append(name(instances, q.entryInstance()));
    if (q.instance() != q.entryInstance()) {
      d.append(", decoded on ").append(name(instances, q.instance()));
    }
    return d.append("; first token after ")
        .append(ms((q.firstTokenS() - q.arrivalS()) * 1000))
        .append(", finished after ")
        .append(ms((q.finishS() - q.arrivalS()) * 1000))
        .toString();
  }

  private static String name(List<String> instances, int index) {
    return index >= 0 && index < instances.size() ? instances.get(index) : "no instance";
  }

  /** A latency in ms or s, to three significant figures. */
  static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "n/a";
    }
    if (millis >= 1000) {
      return Quantities.formatNumber(round3(millis / 1000)) + " s";
    }
    return Quantities.formatNumber(round3(millis)) + " ms";
  }

  private static double round3(double v) {
    if (v == 0) {
      return 0;
    }
    return new BigDecimal(v).round(new MathContext(3)).doubleValue();
  }

  /** The smallest 1, 2 or 5 × 10^k at or above {@code v}: round tick steps for the time axis. */
  static double niceCeil(double v) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * decade >= v * (1 - 1e-12)) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  /** Milliseconds to x on a log axis spanning whole decades {@code 10^from .. 10^to}. */
  private record LogAxis(int from, int to, double x0, double x1) {
    double at(double millis) {
      double v = millis > 0 ? Math.log10(millis) : from;
      v = Math.max(from, Math.min(to, v));
      return x0 + (v - from) / (to - from) * (x1 - x0);
    }
  }
}
