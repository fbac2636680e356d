package dev.servplan.compiler.plan;

import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanCodecs;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import java.util.Locale;

/**
 * The human summary of a plan: what to launch, what it costs, how much it saves against the
 * baseline, and how close each constraint is. Deterministic, so golden tests can use it.
 */
public final class PlanText {
  private PlanText() {}

  public static String render(Plan plan) {
    StringBuilder out = new StringBuilder();
    out.append("plan for '")
        .append(plan.spec().name())
        .append("': ")
        .append(money(plan.costPerHour().dollarsPerHour()))
        .append("/h on ")
        .append(plan.totalGpus())
        .append(" GPUs (")
        .append(plan.objective().id())
        .append(", ")
        .append(plan.solver().backend())
        .append(' ')
        .append(plan.solver().status().id());
    if (plan.solver().gap() > 0) {
      out.append(String.format(Locale.ROOT, ", gap %.2f%%", plan.solver().gap() * 100));
    }
    out.append(")\n");
    Baseline b = plan.baseline();
    if (b.costPerHour().isPresent()) {
      double base = b.costPerHour().get().dollarsPerHour();
      double saving = base - plan.costPerHour().dollarsPerHour();
      int baseGpus = b.groups().stream().mapToInt(g -> g.group().totalGpus()).sum();
      out.append("baseline: ")
          .append(money(base))
          .append("/h on ")
          .append(baseGpus)
          .append(" GPUs; ");
      if (saving > 0.005) {
        out.append("this plan saves ")
            .append(money(saving))
            .append("/h (")
            .append(Quantities.formatNumber(Math.round(saving / base * 1000) / 10.0))
            .append("%)\n");
      } else if (saving < -0.005) {
        out.append("this plan costs ")
            .append(money(-saving))
            .append("/h more (the baseline ")
            .append("does not share pools or meet every constraint the same way)\n");
      } else {
        out.append("this plan costs the same\n");
      }
    } else {
      out.append("baseline: none fits (").append(b.description()).append(")\n");
    }
    for (PlanDeployment d : plan.deployments()) {
      out.append('\n')
          .append("deployment ")
          .append(d.name())
          .append(" (")
          .append(d.model())
          .append(")\n");
      Predicted p = d.predicted();
      out.append("  predicted: ttft p99 ")
          .append(Quantities.formatDuration(round(p.ttftP99())))
          .append(", tpot p99 ")
          .append(Quantities.formatDuration(round(p.tpotP99())))
          .append(", capacity ")
          .append(Quantities.formatNumber(round3(p.requestsPerS().perSecond())))
          .append("/s")
          .append(", slo attainment ")
          .append(Quantities.formatNumber(Math.round(p.sloAttainment().value() * 1000) / 10.0))
          .append("%\n");
      for (Group g : d.groups()) {
        out.append("  ")
            .append(g.instances())
            .append(" x ")
            .append(g.role().id())
            .append(" on ")
            .append(g.pool())
            .append(" (")
            .append(g.gpu())
            .append("): tp ")
            .append(g.tp())
            .append(", pp ")
            .append(g.pp());
        if (g.ep() > 1) {
          out.append(", ep ").append(g.ep());
        }
        out.append(", ")
            .append(g.weights().id())
            .append(" weights, ")
            .append(g.kvDtype().id())
            .append(" kv")
            .append(", max_num_seqs ")
            .append(g.maxNumSeqs())
            .append(", max_num_batched_tokens ")
            .append(g.maxNumBatchedTokens())
            .append(techniques(g))
            .append("; ")
            .append(money(g.costPerHour().dollarsPerHour()))
            .append("/h, ")
            .append(Quantities.formatNumber(round3(g.ratePerInstance().perSecond())))
            .append("/s per instance\n");
      }
      for (Slack s : d.slack()) {
        out.append("  slack: ")
            .append(s.constraint())
            .append(": ")
            .append(Quantities.formatNumber(round3(s.value())))
            .append(' ')
            .append(s.unit())
            .append(" (")
            .append(Quantities.formatNumber(Math.round(s.headroom() * 1000) / 10.0))
            .append("% headroom)\n");
      }
    }
    out.append('\n').append("inventory:");
    for (PoolUsage u : plan.inventory()) {
      out.append(' ')
          .append(u.pool())
          .append(' ')
          .append(u.usedGpus())
          .append('/')
          .append(u.availableGpus());
    }
    out.append('\n');
    return out.toString();
  }

  private static String money(double dollars) {
    return String.format(Locale.ROOT, "$%.2f", dollars);
  }

  private static Duration round(Duration d) {
    return Duration.ofMillis(Math.round(d.millis() * 10) / 10.0);
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Each technique's part of the group line, in registration order. */
  private static String techniques(Group g) {
    StringBuilder out = new StringBuilder();
    for (PlanCodec codec : PlanCodecs.all()) {
      g.techniques().get(codec.technique()).ifPresent(t -> out.append(codec.text(t)));
    }
    return out.toString();
  }
}
