package dev.servplan.compiler.plan;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.util.List;
import java.util.Optional;

/** Hand-built plans for format tests. */
final class SamplePlans {
  private SamplePlans() {}

  static Group group(Role role, int instances, int tp, int pp) {
    MemoryBreakdown mem =
        new MemoryBreakdown(
            Bytes.ofGiB(32.86),
            Bytes.ofGiB(38.2),
            Bytes.ofGiB(1.5),
            Bytes.ofGiB(2.0),
            Bytes.ofGiB(74.56),
            Bytes.ofGiB(79.6));
    List<Placement> placement = new java.util.ArrayList<>();
    for (int i = 0; i < instances; i++) {
      List<Placement.Stage> stages = new java.util.ArrayList<>();
      for (int s = 0; s < pp; s++) {
        List<Integer> gpus = new java.util.ArrayList<>();
        for (int g = 0; g < tp; g++) {
          gpus.add(g);
        }
        stages.add(new Placement.Stage(i * pp + s, gpus));
      }
      placement.add(new Placement(i, stages));
    }
    return new Group(
        role,
        "h100-east",
        "h100-sxm-80gb",
        instances,
        tp,
        pp,
        1,
        Dtype.FP8,
        Dtype.FP8,
        256,
        2048,
        Bytes.ofGiB(38.2),
        mem,
        new HourlyPrice(2.49),
        Rate.perSecond(1.0 / 3),
        placement);
  }

  static Plan twoGroups() {
    PlanDeployment d =
        new PlanDeployment(
            "chat",
            "llama-3.1-70b",
            new Predicted(
                Duration.ofMillis(180.25),
                Duration.ofMillis(41.0),
                Rate.perSecond(12.5),
                new Fraction(0.995)),
            List.of(
                Slack.upper("ttft p99 <= 200ms", "ms", 200, 180.25),
                Slack.lower("rate >= 10/s", "requests/s", 10, 12.5)),
            List.of(group(Role.PREFILL, 2, 4, 1), group(Role.DECODE, 1, 4, 2)));
    Baseline baseline =
        new Baseline(
            "cheapest single pool, smallest tp, vLLM default batching",
            Optional.of(new HourlyPrice(99.6)),
            List.of(new Baseline.BaselineGroup("chat", group(Role.UNIFIED, 5, 8, 1))));
    return new Plan(
        SpecRef.of("demo", "spec text"),
        new HourlyPrice(39.84),
        Objective.MINIMIZE_COST,
        new SolverInfo("ortools-cp-sat", SolverInfo.Status.OPTIMAL, 0, 12, 7),
        baseline,
        List.of(d),
        List.of(new PoolUsage("h100-east", "h100-sxm-80gb", 16, 64)));
  }
}
