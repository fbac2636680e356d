package dev.servplan.solver;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Predicted;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.Slack;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.hwdb.unit.Rate;
import java.util.ArrayList;
import java.util.List;

/** Turns chosen candidates and counts into plan records, with predictions at the actual load. */
final class PlanBuilder {
  private PlanBuilder() {}

  static Group group(Candidate c, int instances, List<Placement> placement) {
    MemoryEstimate m = c.memory();
    Bytes kv = m.kvCapacity().bytes() > 0 ? m.kvCapacity() : Bytes.ZERO;
    Bytes total = m.weights().plus(m.activations()).plus(m.overhead()).plus(kv);
    MemoryBreakdown mem =
        new MemoryBreakdown(m.weights(), kv, m.activations(), m.overhead(), total, m.capacity());
    return new Group(
        c.role(),
        c.pool().name(),
        c.pool().gpu().id(),
        instances,
        c.config().tp(),
        c.config().pp(),
        c.config().ep(),
        c.config().weightDtype(),
        c.config().kvDtype(),
        c.maxNumSeqs(),
        c.chunkTokens(),
        kv,
        mem,
        c.pool().pricePerGpuHour(),
        Rate.perSecond(c.capacity()),
        placement,
        c.techniques());
  }

  /** A chosen candidate with its count and placement. */
  record Chosen(Candidate candidate, int count, List<Placement> placement) {}

  static PlanDeployment deployment(Demand demand, List<Chosen> chosen) {
    double unified = 0;
    double prefill = 0;
    double decode = 0;
    for (Chosen c : chosen) {
      double cap = c.candidate().capacity() * c.count();
      switch (c.candidate().role()) {
        case PREFILL:
          prefill += cap;
          break;
        case DECODE:
          decode += cap;
          break;
        default:
          unified += cap;
      }
    }
    double covered = unified + Math.min(prefill, decode);
    // Traffic is routed in proportion to capacity, so every instance runs at the same share f of
    // it.
    double f = covered <= 0 ? 0 : Math.min(1, demand.rate / covered);
    double disaggRate = f * Math.min(prefill, decode);
    List<Group> groups = new ArrayList<>();
    double[] worst = new double[demand.limits.size()];
    double[] prefillPart = new double[demand.limits.size()];
    double[] decodePart = new double[demand.limits.size()];
    double ttft99 = 0;
    double tpot99 = 0;
    double unifiedMiss = 0;
    double prefillMiss = 0;
    double decodeMiss = 0;
    for (Chosen c : chosen) {
      Candidate cand = c.candidate();
      groups.add(group(cand, c.count(), c.placement()));
      double load;
      switch (cand.role()) {
        case PREFILL:
          load = cand.capacity() * disaggRate / prefill;
          break;
        case DECODE:
          load = cand.capacity() * disaggRate / decode;
          break;
        default:
          load = cand.capacity() * f;
      }
      QueueModel model = cand.model();
      QueueModel.Point pt = model.at(Math.max(1e-4, load));
      if (!pt.stable()) {
        // Load at most capacity is stable by construction; fall back to the capacity point.
        pt = model.at(cand.capacity());
      }
      if (model.applies(Slo.Metric.TTFT)) {
        ttft99 = Math.max(ttft99, model.latency(pt, Slo.Metric.TTFT, 0.99));
      }
      if (model.applies(Slo.Metric.TPOT)) {
        tpot99 = Math.max(tpot99, model.latency(pt, Slo.Metric.TPOT, 0.99));
      }
      for (int i = 0; i < demand.limits.size(); i++) {
        Demand.Limit l = demand.limits.get(i);
        if (!model.applies(l.metric())) {
          continue;
        }
        // Each target at its own percentile; how the misses add up is the attainment line.
        double v = model.latency(pt, l.metric(), l.target().percentile().quantile());
        if (cand.role() == Role.PREFILL) {
          prefillPart[i] = Math.max(prefillPart[i], v);
        } else if (cand.role() == Role.DECODE) {
          decodePart[i] = Math.max(decodePart[i], v);
        } else {
          worst[i] = Math.max(worst[i], v);
        }
      }
      double miss = 1 - model.attainment(pt);
      if (cand.role() == Role.PREFILL) {
        prefillMiss = Math.max(prefillMiss, miss);
      } else if (cand.role() == Role.DECODE) {
        decodeMiss = Math.max(decodeMiss, miss);
      } else {
        unifiedMiss = Math.max(unifiedMiss, miss);
      }
    }
    List<Slack> slack = new ArrayList<>();
    for (int i = 0; i < demand.limits.size(); i++) {
      Demand.Limit l = demand.limits.get(i);
      // A disaggregated request sees its prefill part and then its decode part.
      double value = Math.max(worst[i], prefillPart[i] + decodePart[i]);
      slack.add(
          Slack.upper(
              l.metric().id()
                  + " "
                  + l.target().percentile().id()
                  + " <= "
                  + Quantities.formatDuration(l.target().limit().value()),
              "ms",
              l.limitS() * 1000,
              value * 1000));
    }
    slack.add(
        Slack.lower(
            "rate >= " + Quantities.formatNumber(demand.rate) + "/s",
            "requests/s",
            demand.rate,
            covered));
    double attainment = Math.max(0, 1 - Math.max(unifiedMiss, prefillMiss + decodeMiss));
    if (!demand.limits.isEmpty()) {
      slack.add(
          Slack.lower(
              "slo attainment >= " + Quantities.formatNumber(demand.attainment * 100) + "%",
              "%",
              demand.attainment * 100,
              attainment * 100));
    }
    Predicted predicted =
        new Predicted(
            Duration.ofSeconds(ttft99),
            Duration.ofSeconds(tpot99),
            Rate.perSecond(covered),
            new Fraction(attainment));
    return new PlanDeployment(
        demand.deployment.name(), demand.deployment.model().id(), predicted, slack, groups);
  }
}
