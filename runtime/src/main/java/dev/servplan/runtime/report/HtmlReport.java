package dev.servplan.runtime.report;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.compiler.plan.Slack;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.TargetCheck;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A self-contained HTML report of a plan: summary, cost per group, per-GPU memory, the cost/latency
 * picture and per-constraint slack, and, given a simulation, each deployment's latency CDFs and a
 * timeline of its first requests. Charts are inline SVG written here; there are no external
 * resources (no fonts, scripts or styles fetched), so the file opens offline and in CI artifacts.
 */
public final class HtmlReport {
  static final int WIDTH = 720;

  private HtmlReport() {}

  /** The report; {@code specName} is shown when the caller read the spec too. */
  public static String render(Plan plan, Optional<String> specName) {
    return render(plan, specName, Optional.empty());
  }

  /** The report with a simulation section when {@code simulation} is present. */
  public static String render(
      Plan plan, Optional<String> specName, Optional<SimReport> simulation) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>servplan report: ")
        .append(Svg.esc(plan.spec().name()))
        .append("</title>\n")
        .append("<style>\n")
        .append(CSS)
        .append("</style>\n")
        // First thing in the document, so a script error anywhere later is recorded in the DOM.
        .append(
            "<script>window.onerror=function(m){document.documentElement.setAttribute('data-error',String(m));};</script>\n")
        .append("</head>\n<body>\n");
    out.append("<h1>Plan ").append(Svg.esc(plan.spec().name())).append("</h1>\n");
    summary(out, plan, specName);
    out.append("<h2>Cost per group</h2>\n").append(Charts.costBars(plan));
    out.append("<h2>Memory per GPU</h2>\n").append(Charts.memoryBars(plan));
    out.append("<h2>Cost and p99 latency</h2>\n").append(Charts.costLatency(plan));
    out.append(
            "<p class=\"note\">This plan records only the chosen point and the baseline's cost; the ")
        .append(
            "cost/latency Pareto frontier needs <code>servplan compile --pareto</code>, which this plan ")
        .append("was not compiled with.</p>\n");
    slack(out, plan);
    simulation.ifPresent(sim -> simulation(out, sim));
    out.append("<script>\n").append(CHECK).append("</script>\n");
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static void summary(StringBuilder out, Plan plan, Optional<String> specName) {
    out.append("<table class=\"summary\">\n");
    row(out, "spec", plan.spec().name() + specName.map(s -> " (" + s + ")").orElse(""));
    row(out, "spec hash", plan.spec().hash());
    row(out, "cost", "$" + money(plan.costPerHour().dollarsPerHour()) + "/h");
    row(out, "objective", plan.objective().id());
    row(
        out,
        "solver",
        plan.solver().backend()
            + ", "
            + plan.solver().status().id()
            + ", gap "
            + Quantities.formatNumber(plan.solver().gap() * 100)
            + "%, "
            + plan.solver().wallMs()
            + " ms");
    String baseline =
        plan.baseline().description()
            + plan.baseline()
                .costPerHour()
                .map(
                    c ->
                        ": $"
                            + money(c.dollarsPerHour())
                            + "/h, this plan saves $"
                            + money(c.dollarsPerHour() - plan.costPerHour().dollarsPerHour())
                            + "/h")
                .orElse(" (no baseline fits the inventory)");
    row(out, "baseline", baseline);
    row(out, "GPUs", Integer.toString(plan.totalGpus()));
    for (PoolUsage u : plan.inventory()) {
      row(out, "pool " + u.pool(), u.usedGpus() + " of " + u.availableGpus() + " " + u.gpu());
    }
    out.append("</table>\n");
    out.append(
            "<table class=\"groups\">\n<tr><th>deployment</th><th>role</th><th>pool</th><th>GPU</th>")
        .append("<th>instances</th><th>tp</th><th>pp</th><th>ep</th><th>weights</th><th>kv</th>")
        .append("<th>max seqs</th><th>max batched tokens</th><th>$/h</th></tr>\n");
    for (PlanDeployment d : plan.deployments()) {
      for (Group g : d.groups()) {
        out.append("<tr>");
        for (String cell :
            List.of(
                d.name(),
                g.role().id(),
                g.pool(),
                g.gpu(),
                Integer.toString(g.instances()),
                Integer.toString(g.tp()),
                Integer.toString(g.pp()),
                Integer.toString(g.ep()),
                g.weights().id(),
                g.kvDtype().id(),
                Integer.toString(g.maxNumSeqs()),
                Integer.toString(g.maxNumBatchedTokens()),
                money(g.costPerHour().dollarsPerHour()))) {
          out.append("<td>").append(Svg.esc(cell)).append("</td>");
        }
        out.append("</tr>\n");
      }
    }
    out.append("</table>\n");
  }

  private static void slack(StringBuilder out, Plan plan) {
    out.append(
            "<h2>Constraints</h2>\n<table class=\"slack\">\n<tr><th>deployment</th><th>constraint</th>")
        .append("<th>limit</th><th>predicted</th><th>headroom</th></tr>\n");
    for (PlanDeployment d : plan.deployments()) {
      List<Slack> sorted = new ArrayList<>(d.slack());
      sorted.sort(Comparator.comparingDouble(Slack::headroom));
      for (int i = 0; i < sorted.size(); i++) {
        Slack s = sorted.get(i);
        out.append(i == 0 ? "<tr class=\"binding\">" : "<tr>");
        for (String cell :
            List.of(
                d.name(),
                s.constraint() + (i == 0 ? " (binding)" : ""),
                Quantities.formatNumber(s.limit()) + " " + s.unit(),
                Quantities.formatNumber(s.value()) + " " + s.unit(),
                Quantities.formatNumber(Math.round(s.headroom() * 1000) / 10.0) + "%")) {
          out.append("<td>").append(Svg.esc(cell)).append("</td>");
        }
        out.append("</tr>\n");
      }
    }
    out.append("</table>\n");
  }

  private static void simulation(StringBuilder out, SimReport sim) {
    out.append(
            "<h2>Simulation</h2>\n<p class=\"note\">Discrete-event simulation of this plan under the spec's ")
        .append("workload: ")
        .append(Svg.esc(requests(sim.options().requestsPerDeployment())))
        .append(", seed ")
        .append(sim.options().seed())
        .append(", ")
        .append(Svg.esc(sim.options().router().name().toLowerCase(Locale.ROOT).replace('_', '-')))
        .append(" routing, ")
        .append(Svg.esc(Quantities.formatNumber(Math.round(sim.simulatedSeconds() * 10) / 10.0)))
        .append(
            " s simulated. Latencies come from 1%-accurate histograms; the timeline shows the first ")
        .append(Simulator.TIMELINE_SAMPLE)
        .append(" requests of each deployment.</p>\n");
    for (DeploymentResult r : sim.deployments()) {
      out.append("<h3>").append(Svg.esc(r.name())).append("</h3>\n<table class=\"sim\">\n");
      row(out, "requests", r.requests() + " completed, " + r.rejected() + " rejected");
      row(
          out,
          "SLO attainment",
          Quantities.formatNumber(Math.round(r.sloAttainment() * 10000) / 100.0)
              + "% (target "
              + Quantities.formatNumber(Math.round(r.attainmentTarget() * 10000) / 100.0)
              + "%, "
              + (r.attainmentMet() ? "met" : "missed")
              + ")");
      for (TargetCheck t : r.targets()) {
        row(
            out,
            t.target().metric().id() + " " + t.target().percentile().id(),
            SimCharts.ms(t.simulatedMs())
                + " (limit "
                + SimCharts.ms(t.target().limit().millis())
                + ", "
                + (t.met() ? "met" : "missed")
                + ")");
      }
      out.append("</table>\n");
      if (SimCharts.hasCdf(r)) {
        out.append(SimCharts.cdf(r)).append(SimCharts.timeline(r));
      } else {
        out.append(
            "<p class=\"note\">No request completed, so there is no latency to chart.</p>\n");
      }
    }
  }

  private static String requests(long n) {
    return n == Long.MAX_VALUE ? "arrivals until the duration" : n + " requests per deployment";
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append("<tr><th>")
        .append(Svg.esc(key))
        .append("</th><td>")
        .append(Svg.esc(value))
        .append("</td></tr>\n");
  }

  static String money(double dollars) {
    return new BigDecimal(dollars).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Per-GPU memory components, for the bars and their tests. */
  static double[] memoryParts(MemoryBreakdown m) {
    double cap = m.capacity().gib();
    double free =
        Math.max(
            0,
            cap
                - m.weights().gib()
                - m.kvCache().gib()
                - m.activations().gib()
                - m.overhead().gib());
    return new double[] {
      m.weights().gib(), m.kvCache().gib(), m.activations().gib() + m.overhead().gib(), free
    };
  }

  private static final String CSS =
      String.join(
          "\n",
          "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:760px;color:#222}",
          "table{border-collapse:collapse;margin:1em 0;font-size:14px}",
          "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}",
          "tr.binding td{background:#fff4e0}",
          ".note{color:#555;font-size:13px}",
          "svg text{font-size:12px;fill:#222}",
          "svg .axis{stroke:#888;stroke-width:1}",
          "rect.cost{fill:#4e79a7}",
          "rect.weights{fill:#4e79a7} rect.kv{fill:#f28e2b} rect.act{fill:#e15759} rect.free{fill:#e8e8e8}",
          "circle.chosen{fill:#59a14f} line.baseline{stroke:#e15759;stroke-dasharray:4 3}",
          "svg .grid{stroke:#eee;stroke-width:1}",
          "path.series{fill:none;stroke-width:2}",
          "path.ttft,line.slo.ttft{stroke:#4e79a7} path.tpot,line.slo.tpot{stroke:#f28e2b} path.e2e,line.slo.e2e{stroke:#59a14f}",
          "line.slo{stroke-width:1.5;stroke-dasharray:5 3}",
          "circle.ttft,rect.ttft,text.ttft{fill:#4e79a7} circle.tpot,rect.tpot,text.tpot{fill:#f28e2b}",
          "circle.e2e,rect.e2e,text.e2e{fill:#59a14f}",
          "svg text.slo-label,svg text.pct-label{font-size:10px}",
          "rect.c0{fill:#4e79a7} rect.c1{fill:#f28e2b} rect.c2{fill:#e15759} rect.c3{fill:#76b7b2} rect.c4{fill:#59a14f}",
          "rect.c5{fill:#edc948} rect.c6{fill:#b07aa1} rect.c7{fill:#ff9da7} rect.c8{fill:#9c755f} rect.c9{fill:#bab0ac}",
          "rect.rejected{fill:#d62728} line.first-token{stroke:#111;stroke-width:1.2}",
          "");

  /**
   * Marks the document rendered when every chart drew at least one shape, every CDF drew a curve of
   * non-zero length and every timeline a bar; the CI check reads it.
   */
  private static final String CHECK =
      String.join(
          "\n",
          "(function(){",
          "  var charts=document.querySelectorAll('svg.chart');",
          "  var ok=charts.length>=3;",
          "  for(var i=0;i<charts.length;i++){",
          "    var box=charts[i].getBBox();",
          "    if(charts[i].querySelectorAll('rect,circle,line').length===0||box.width<=0){ok=false;}",
          "  }",
          "  var cdfs=document.querySelectorAll('svg.chart.cdf');",
          "  for(var j=0;j<cdfs.length;j++){",
          "    var curves=cdfs[j].querySelectorAll('path.series');",
          "    if(curves.length===0){ok=false;}",
          "    for(var k=0;k<curves.length;k++){if(!(curves[k].getTotalLength()>0)){ok=false;}}",
          "  }",
          "  var lines=document.querySelectorAll('svg.chart.timeline');",
          "  for(var m=0;m<lines.length;m++){",
          "    if(lines[m].querySelectorAll('g.request rect').length===0){ok=false;}",
          "  }",
          "  document.documentElement.setAttribute('data-rendered',ok?'ok':'fail');",
          "})();",
          "");
}
