package dev.servplan.runtime.verify;

import dev.servplan.compiler.SpecCompiler;
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
import dev.servplan.compiler.plan.SolverInfo;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A valid plan for the chat-test spec, built with honest memory figures, to mutate in tests. */
public final class PlanFixtures {
  public static final AnalyticalCostModel COST = AnalyticalCostModel.calibrated();

  private PlanFixtures() {}

  public static String specText() {
    try (InputStream in = PlanFixtures.class.getResourceAsStream("/plans/chat.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ValidIr spec() {
    var compilation = SpecCompiler.compile(SourceFile.of("chat.yaml", specText()), Path.of("."));
    if (!compilation.ok()) {
      throw new IllegalStateException("test spec does not compile: " + compilation.diagnostics());
    }
    return compilation.valid().orElseThrow();
  }

  /**
   * A group of {@code instances} llama-3.1-8b instances at tp on the h100 pool, placed one after
   * another from node 0 GPU {@code firstGpu}, with the KV cache filling 90% of memory.
   */
  public static Group h100Group(Role role, int instances, int tp, int firstGpu) {
    var model = Catalogs.models().find("llama-3.1-8b").orElseThrow();
    var gpu = Catalogs.gpus().find("h100-sxm-80gb").orElseThrow();
    InstanceConfig config =
        new InstanceConfig(
            model,
            gpu,
            tp,
            1,
            1,
            Dtype.BF16,
            Dtype.BF16,
            Catalogs.links().find("nvlink4").orElseThrow(),
            Catalogs.links().find("ib-400g").orElseThrow());
    int batched = 8192;
    MemoryEstimate m =
        COST.memory(config, MemoryOptions.DEFAULT.withMaxTokensPerIteration(batched));
    Bytes kv = Bytes.ofGiB(Math.floor(m.kvCapacity().gib() * 100) / 100);
    Bytes total = m.weights().plus(kv).plus(m.activations()).plus(m.overhead());
    MemoryBreakdown memory =
        new MemoryBreakdown(m.weights(), kv, m.activations(), m.overhead(), total, gpu.memory());
    List<Placement> placement = new ArrayList<>();
    int next = firstGpu;
    for (int i = 0; i < instances; i++) {
      List<Integer> gpus = new ArrayList<>();
      for (int r = 0; r < tp; r++) {
        gpus.add(next % 8);
        next++;
      }
      placement.add(new Placement(i, List.of(new Placement.Stage((next - 1) / 8, gpus))));
    }
    return new Group(
        role,
        "h100",
        "h100-sxm-80gb",
        instances,
        tp,
        1,
        1,
        Dtype.BF16,
        Dtype.BF16,
        256,
        batched,
        kv,
        memory,
        new HourlyPrice(3.00),
        Rate.perSecond(5),
        placement);
  }

  public static Plan plan(List<Group> groups) {
    double cost = groups.stream().mapToDouble(g -> g.costPerHour().dollarsPerHour()).sum();
    PlanDeployment d =
        new PlanDeployment(
            "chat",
            "llama-3.1-8b",
            new Predicted(
                Duration.ofMillis(300),
                Duration.ofMillis(30),
                Rate.perSecond(20),
                new Fraction(0.995)),
            List.of(),
            groups);
    return new Plan(
        SpecRef.of("chat-test", specText()),
        new HourlyPrice(cost),
        Objective.MINIMIZE_COST,
        new SolverInfo("test", SolverInfo.Status.OPTIMAL, 0, 1, 1),
        new Baseline("none", Optional.empty(), List.of()),
        List.of(d),
        List.of(
            new PoolUsage(
                "h100", "h100-sxm-80gb", groups.stream().mapToInt(Group::totalGpus).sum(), 16)));
  }

  /** Two tp=1 unified instances on GPUs 0 and 1 of node 0. */
  public static Plan valid() {
    return plan(List.of(h100Group(Role.UNIFIED, 2, 1, 0)));
  }
}
