package dev.servplan.runtime.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.hwdb.unit.Quantities;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Text and JSON forms of a {@link SimReport}; numbers at 6 significant digits so output is
 * byte-stable.
 */
public final class SimReportRenderer {
  private SimReportRenderer() {}

  public static ObjectNode json(SimReport report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    SimOptions o = report.options();
    root.put("seed", o.seed());
    root.put("router", o.router().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (o.requestsPerDeployment() != Long.MAX_VALUE) {
      root.put("requests_per_deployment", o.requestsPerDeployment());
    }
    if (Double.isFinite(o.durationS())) {
      number(root, "duration_s", o.durationS());
    }
    number(root, "simulated_s", report.simulatedSeconds());
    root.put("events", report.events());
    ArrayNode list = root.putArray("deployments");
    for (DeploymentResult r : report.deployments()) {
      ObjectNode d = list.addObject();
      d.put("name", r.name());
      d.put("requests", r.requests());
      d.put("rejected", r.rejected());
      percentiles(d.putObject("ttft_ms"), r.ttftMs());
      percentiles(d.putObject("tpot_ms"), r.tpotMs());
      percentiles(d.putObject("e2e_ms"), r.e2eMs());
      number(d, "requests_per_s", r.requestsPerS());
      number(d, "output_tokens_per_s", r.outputTokensPerS());
      number(d, "slo_attainment", r.sloAttainment());
      number(d, "goodput_rps", r.goodputRps());
      d.put("preemptions", r.preemptions());
      number(d, "gpu_utilization", r.gpuUtilization());
      number(d, "kv_utilization", r.kvUtilization());
      number(d, "mean_queue_length", r.meanQueueLength());
      d.put("max_queue_length", r.maxQueueLength());
      ObjectNode slo = d.putObject("slo");
      number(slo, "attainment_target", r.attainmentTarget());
      slo.put("attainment_met", r.attainmentMet());
      ArrayNode targets = slo.putArray("targets");
      for (TargetCheck t : r.targets()) {
        ObjectNode item = targets.addObject();
        item.put("metric", t.target().metric().id());
        item.put("percentile", t.target().percentile().id());
        number(item, "limit_ms", t.target().limit().millis());
        number(item, "simulated_ms", t.simulatedMs());
        item.put("met", t.met());
      }
    }
    return root;
  }

  public static String text(SimReport report) {
    StringBuilder out = new StringBuilder();
    SimOptions o = report.options();
    out.append("simulated ")
        .append(Quantities.formatNumber(round(report.simulatedSeconds())))
        .append(" s, seed ")
        .append(o.seed())
        .append(", ")
        .append(report.events())
        .append(" events\n");
    for (DeploymentResult r : report.deployments()) {
      out.append('\n')
          .append("deployment ")
          .append(r.name())
          .append(": ")
          .append(r.requests())
          .append(" requests");
      if (r.rejected() > 0) {
        out.append(", ")
            .append(r.rejected())
            .append(" rejected (larger than an instance's KV cache)");
      }
      out.append('\n');
      out.append(
          String.format(
              Locale.ROOT,
              "  %-10s %10s %10s %10s %10s %10s%n",
              "",
              "mean",
              "p50",
              "p90",
              "p95",
              "p99"));
      row(out, "ttft ms", r.ttftMs());
      row(out, "tpot ms", r.tpotMs());
      row(out, "e2e ms", r.e2eMs());
      out.append("  throughput     ")
          .append(fmt(r.requestsPerS()))
          .append(" req/s, ")
          .append(fmt(r.outputTokensPerS()))
          .append(" output tok/s\n");
      out.append("  slo            attainment ")
          .append(fmt(r.sloAttainment() * 100))
          .append("% (target ")
          .append(fmt(r.attainmentTarget() * 100))
          .append("%), goodput ")
          .append(fmt(r.goodputRps()))
          .append(" req/s\n");
      for (TargetCheck t : r.targets()) {
        out.append("                 ")
            .append(t.target().metric().id())
            .append(' ')
            .append(t.target().percentile().id())
            .append(' ')
            .append(fmt(t.simulatedMs()))
            .append(" ms ")
            .append(t.met() ? "<=" : ">")
            .append(' ')
            .append(fmt(t.target().limit().millis()))
            .append(" ms ")
            .append(t.met() ? "ok" : "MISSED")
            .append('\n');
      }
      out.append("  utilisation    gpu busy ")
          .append(fmt(r.gpuUtilization() * 100))
          .append("%, kv ")
          .append(fmt(r.kvUtilization() * 100))
          .append("%\n");
      out.append("  queue          mean ")
          .append(fmt(r.meanQueueLength()))
          .append(", max ")
          .append(r.maxQueueLength())
          .append(", preemptions ")
          .append(r.preemptions())
          .append('\n');
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String label, Percentiles p) {
    out.append(
        String.format(
            Locale.ROOT,
            "  %-10s %10s %10s %10s %10s %10s%n",
            label,
            fmt(p.mean()),
            fmt(p.p50()),
            fmt(p.p90()),
            fmt(p.p95()),
            fmt(p.p99())));
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "-" : Quantities.formatNumber(round(value));
  }

  /** Four significant digits for the human table. */
  private static double round(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(new MathContext(4)).doubleValue();
  }

  private static void number(ObjectNode node, String key, double value) {
    if (!Double.isFinite(value)) {
      node.putNull(key);
      return;
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    if (rounded.scale() <= 0) {
      node.put(key, rounded.toBigIntegerExact()); // 60, not 6E+1
    } else {
      node.put(key, rounded);
    }
  }

  private static void percentiles(ObjectNode node, Percentiles p) {
    number(node, "mean", p.mean());
    number(node, "p50", p.p50());
    number(node, "p90", p.p90());
    number(node, "p95", p.p95());
    number(node, "p99", p.p99());
  }
}
