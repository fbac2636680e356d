package dev.servplan.runtime.testing;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.plan.Baseline;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PoolUsage;
import dev.servplan.compiler.plan.Predicted;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.Slack;
import dev.servplan.compiler.plan.SolverInfo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hand-built plans for emit, diff and report tests (the runtime must not call the solver). */
public final class Plans {
  private Plans() {}

  static MemoryBreakdown memory(
      double weights, double kv, double act, double overhead, double capacity) {
    return new MemoryBreakdown(
        Bytes.ofGiB(weights),
        Bytes.ofGiB(kv),
        Bytes.ofGiB(act),
        Bytes.ofGiB(overhead),
        Bytes.ofGiB(weights + kv + act + overhead),
        Bytes.ofGiB(capacity));
  }

  /**
   * Instances packed onto nodes of {@code gpusPerNode}, starting at {@code firstNode}, stages in
   * order.
   */
  public static List<Placement> packed(
      int instances, int tp, int pp, int gpusPerNode, int firstNode) {
    List<Placement> placements = new ArrayList<>();
    int node = firstNode;
    int next = 0;
    for (int i = 0; i < instances; i++) {
      List<Placement.Stage> stages = new ArrayList<>();
      for (int s = 0; s < pp; s++) {
        if (next + tp > gpusPerNode) {
          node++;
          next = 0;
        }
        List<Integer> gpus = new ArrayList<>();
        for (int g = 0; g < tp; g++) {
          gpus.add(next++);
        }
        stages.add(new Placement.Stage(node, gpus));
      }
      placements.add(new Placement(i, stages));
    }
    return placements;
  }

  public static Group group(
      Role role,
      String model,
      int instances,
      int tp,
      int pp,
      int ep,
      Dtype w,
      Dtype kv,
      int seqs,
      int tokens,
      MemoryBreakdown mem,
      double price,
      List<Placement> placement) {
    return new Group(
        role,
        "h100-east",
        "h100-sxm-80gb",
        instances,
        tp,
        pp,
        ep,
        w,
        kv,
        seqs,
        tokens,
        mem.kvCache(),
        mem,
        new HourlyPrice(price),
        Rate.perSecond(2.5),
        placement);
  }

  /**
   * Llama 3.1 70B, disaggregated: 2 prefill instances (tp 4) and 1 decode instance (tp 8, pp 2, two
   * nodes).
   */
  public static Plan disaggregated() {
    MemoryBreakdown pre = memory(33.1, 38.2, 2.1, 1.5, 79.6);
    MemoryBreakdown dec = memory(8.6, 60.4, 1.2, 1.5, 79.6);
    Group prefill =
        group(
            Role.PREFILL,
            "llama-3.1-70b",
            2,
            4,
            1,
            1,
            Dtype.FP8,
            Dtype.FP8,
            64,
            8192,
            pre,
            2.49,
            packed(2, 4, 1, 8, 0));
    Group decode =
        group(
            Role.DECODE,
            "llama-3.1-70b",
            1,
            8,
            2,
            1,
            Dtype.BF16,
            Dtype.FP8,
            256,
            512,
            dec,
            2.49,
            packed(1, 8, 2, 8, 1));
    PlanDeployment chat =
        new PlanDeployment(
            "chat",
            "llama-3.1-70b",
            new Predicted(
                Duration.ofMillis(820),
                Duration.ofMillis(41.5),
                Rate.perSecond(12.4),
                new Fraction(0.994)),
            List.of(
                Slack.upper("ttft p99", "ms", 1500, 820),
                Slack.upper("tpot p99", "ms", 60, 41.5),
                Slack.lower("rate", "requests/s", 12, 12.4)),
            List.of(prefill, decode));
    Group base =
        group(
            Role.UNIFIED,
            "llama-3.1-70b",
            4,
            8,
            1,
            1,
            Dtype.BF16,
            Dtype.BF16,
            256,
            2048,
            memory(16.5, 55.0, 2.0, 1.5, 79.6),
            2.49,
            packed(4, 8, 1, 8, 0));
    Baseline baseline =
        new Baseline(
            "one unified vLLM group, tp=8, bf16, default batching",
            Optional.of(new HourlyPrice(79.68)),
            List.of(new Baseline.BaselineGroup("chat", base)));
    return new Plan(
        SpecRef.of("chat-assistant", "spec text"),
        new HourlyPrice(59.76),
        Objective.MINIMIZE_COST,
        new SolverInfo("exhaustive", SolverInfo.Status.OPTIMAL, 0, 120, 1),
        baseline,
        List.of(chat),
        List.of(new PoolUsage("h100-east", "h100-sxm-80gb", 24, 64)));
  }

  /**
   * Two unified deployments: Llama 3.1 8B (3 instances, tp 1) and Mixtral 8x7B with ep = tp = 2.
   */
  public static Plan unified() {
    Group small =
        group(
            Role.UNIFIED,
            "llama-3.1-8b",
            3,
            1,
            1,
            1,
            Dtype.BF16,
            Dtype.BF16,
            128,
            4096,
            memory(15.0, 55.3, 1.0, 1.5, 79.6),
            2.49,
            packed(3, 1, 1, 8, 0));
    Group moe =
        group(
            Role.UNIFIED,
            "mixtral-8x7b",
            2,
            2,
            1,
            2,
            Dtype.BF16,
            Dtype.FP8,
            96,
            4096,
            memory(43.5, 30.0, 1.5, 1.5, 79.6),
            2.49,
            offset(packed(2, 2, 1, 8, 0), 3));
    PlanDeployment a =
        new PlanDeployment(
            "assistant",
            "llama-3.1-8b",
            new Predicted(
                Duration.ofMillis(240),
                Duration.ofMillis(18),
                Rate.perSecond(20),
                new Fraction(0.995)),
            List.of(Slack.upper("ttft p99", "ms", 500, 240), Slack.upper("tpot p99", "ms", 50, 18)),
            List.of(small));
    PlanDeployment b =
        new PlanDeployment(
            "code_moe",
            "mixtral-8x7b",
            new Predicted(
                Duration.ofMillis(600),
                Duration.ofMillis(35),
                Rate.perSecond(6),
                new Fraction(0.991)),
            List.of(
                Slack.upper("ttft p99", "ms", 1000, 600), Slack.upper("tpot p99", "ms", 40, 35)),
            List.of(moe));
    return new Plan(
        SpecRef.of("two-services", "spec"),
        new HourlyPrice(17.43),
        Objective.MINIMIZE_COST,
        new SolverInfo("cp-sat", SolverInfo.Status.FEASIBLE, 0.02, 900, 1),
        new Baseline("no baseline fits", Optional.empty(), List.of()),
        List.of(a, b),
        List.of(new PoolUsage("h100-east", "h100-sxm-80gb", 7, 8)));
  }

  /**
   * Shifts every GPU index of the placements by {@code by}, to share a node with an earlier group.
   */
  static List<Placement> offset(List<Placement> placements, int by) {
    List<Placement> out = new ArrayList<>();
    for (Placement p : placements) {
      List<Placement.Stage> stages = new ArrayList<>();
      for (Placement.Stage s : p.stages()) {
        stages.add(new Placement.Stage(s.node(), s.gpus().stream().map(g -> g + by).toList()));
      }
      out.add(new Placement(p.instance(), stages));
    }
    return out;
  }

  /** The group with another KV format and a kv_compression setting. */
  public static Group compressed(Group g, Dtype kv, Optional<Integer> budget) {
    Group copy =
        new Group(
            g.role(),
            g.pool(),
            g.gpu(),
            g.instances(),
            g.tp(),
            g.pp(),
            g.ep(),
            g.weights(),
            kv,
            g.maxNumSeqs(),
            g.maxNumBatchedTokens(),
            g.kvCachePerGpu(),
            g.memoryPerGpu(),
            g.pricePerGpuHour(),
            g.ratePerInstance(),
            g.placement());
    return copy.with(
        (new KvCompressionSetting(kv == g.kvDtype() ? Optional.empty() : Optional.of(kv), budget)));
  }
}
