package dev.servplan.runtime.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.runtime.emit.EmitOptions;
import dev.servplan.runtime.emit.EmitResult;
import dev.servplan.runtime.emit.EmittedFile;
import dev.servplan.runtime.emit.Emitter;
import dev.servplan.runtime.emit.Target;
import dev.servplan.runtime.report.PlanExplainer;
import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden output of every technique's plug-ins: for a plan whose groups use the technique, the
 * emitted files (or refusals) of each engine and the explain text, so that moving a technique's
 * code cannot change a byte of what it writes.
 */
class TechniqueOutputGoldenTest {
  static final LoraPlan LORA =
      new LoraPlan(
          3,
          64,
          List.of(
              new LoraPlan.AdapterSet("tenant", 2, 16, 0.5, Optional.of("org/tenant")),
              new LoraPlan.AdapterSet("sql", 1, 64, 0.2, Optional.of("org/sql-lora"))));

  static Map<String, UnaryOperator<Group>> variants() {
    Map<String, UnaryOperator<Group>> variants = new LinkedHashMap<>();
    variants.put("prefix-caching", with(PrefixCaching.ON));
    variants.put("speculative", with(new Speculation("llama-3.2-1b", 4, 0.75)));
    variants.put("offload-host", with(new Offload(10.4)));
    variants.put("offload-tiers", with(new Offload(5, 3.5, 2)));
    variants.put("expert-offload", with(new ExpertOffload(2)));
    variants.put("kv-compression", g -> Plans.compressed(g, Dtype.INT4, Optional.of(2048)));
    variants.put("lora", with(LORA));
    variants.put(
        "lora-merged",
        with(
            new LoraPlan(
                1,
                16,
                List.of(new LoraPlan.AdapterSet("legal", 1, 16, 1.0, Optional.of("org/legal"))),
                true)));
    variants.put("sm-partition", with(new SmSplit(0.7)));
    variants.put(
        "fp8-speculative-prefix-lora",
        g ->
            fp8(g).with(new Speculation("llama-3.2-1b", 2, 0.7)).with(PrefixCaching.ON).with(LORA));
    return variants;
  }

  /** The group with FP8 weights and KV cache. */
  static Group fp8(Group g) {
    return new Group(
        g.role(),
        g.pool(),
        g.gpu(),
        g.instances(),
        g.tp(),
        g.pp(),
        g.ep(),
        Dtype.FP8,
        Dtype.FP8,
        g.maxNumSeqs(),
        g.maxNumBatchedTokens(),
        g.kvCachePerGpu(),
        g.memoryPerGpu(),
        g.pricePerGpuHour(),
        g.ratePerInstance(),
        g.placement());
  }

  static UnaryOperator<Group> with(TechniqueSetting setting) {
    return g -> g.with(setting);
  }

  /** The unified fixture with one instance per group, each group changed by {@code f}. */
  static Plan plan(UnaryOperator<Group> f) {
    Plan plan = Plans.unified();
    List<PlanDeployment> ds = new ArrayList<>();
    for (PlanDeployment d : plan.deployments()) {
      List<Group> gs = new ArrayList<>();
      for (Group g : d.groups()) {
        Group one =
            new Group(
                g.role(),
                g.pool(),
                g.gpu(),
                1,
                g.tp(),
                g.pp(),
                g.ep(),
                g.weights(),
                g.kvDtype(),
                g.maxNumSeqs(),
                g.maxNumBatchedTokens(),
                g.kvCachePerGpu(),
                g.memoryPerGpu(),
                g.pricePerGpuHour(),
                g.ratePerInstance(),
                g.placement().subList(0, 1));
        gs.add(f.apply(one));
      }
      ds.add(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), gs));
    }
    return new Plan(
        plan.spec(),
        plan.costPerHour(),
        plan.objective(),
        plan.solver(),
        plan.baseline(),
        ds,
        plan.inventory());
  }

  @TestFactory
  List<DynamicTest> emitAndExplainEachTechnique() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, UnaryOperator<Group>> v : variants().entrySet()) {
      tests.add(
          DynamicTest.dynamicTest(
              v.getKey(),
              () -> {
                Plan plan = plan(v.getValue());
                Map<String, String> files = new TreeMap<>();
                // Kubernetes manifests carry the vLLM flags; the vLLM scripts show them.
                for (Target t : List.of(Target.VLLM, Target.SGLANG, Target.TRTLLM)) {
                  EmitResult r = Emitter.forTarget(t).emit(plan, EmitOptions.DEFAULT);
                  files.put(t.id() + ".txt", text(r));
                  assertThat(Emitter.forTarget(t).emit(plan, EmitOptions.DEFAULT)).isEqualTo(r);
                }
                files.put("explain.txt", PlanExplainer.calibrated().explain(plan));
                Golden.assertFolder("technique/" + v.getKey(), files);
              }));
    }
    return tests;
  }

  /** Errors, warnings and every file in emit order, each after a {@code ==> path <==} line. */
  private static String text(EmitResult r) {
    StringBuilder out = new StringBuilder("errors:\n");
    r.errors().forEach(e -> out.append("  ").append(e).append('\n'));
    out.append("warnings:\n");
    r.warnings().forEach(w -> out.append("  ").append(w).append('\n'));
    for (EmittedFile f : r.files()) {
      out.append("==> ")
          .append(f.path())
          .append(f.executable() ? " (executable)" : "")
          .append(" <==\n")
          .append(f.content());
    }
    return out.toString();
  }
}
