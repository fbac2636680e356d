package dev.servplan.runtime.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.Speculation;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.runtime.testing.Plans;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports, memory fractions, precisions and refusals. */
class EmitRulesTest {
  @Test
  void portsAreUniquePerNode() {
    Layout.Result layout = Layout.of(Plans.unified(), 8000);
    assertThat(layout.errors()).isEmpty();
    Set<String> seen = new HashSet<>();
    for (Instance inst : layout.instances()) {
      assertThat(seen.add(inst.group().pool() + "/" + inst.headNode() + ":" + inst.port()))
          .isTrue();
    }
    assertThat(layout.instances())
        .extracting(Instance::port)
        .containsExactly(8000, 8001, 8002, 8003, 8004);
  }

  @Test
  void twoInstancesOnOneGpuAreRefused() {
    Plan plan = Plans.unified();
    PlanDeployment d = plan.deployments().get(0);
    Group clash =
        d.groups()
            .get(0)
            .withPlacement(
                List.of(
                    new Placement(0, List.of(new Placement.Stage(0, List.of(0)))),
                    new Placement(1, List.of(new Placement.Stage(0, List.of(0)))),
                    new Placement(2, List.of(new Placement.Stage(0, List.of(1))))));
    Plan broken = replaceGroup(plan, 0, clash);
    EmitResult r = new VllmEmitter().emit(broken, EmitOptions.DEFAULT);
    assertThat(r.ok()).isFalse();
    assertThat(r.files()).isEmpty();
    assertThat(r.errors()).anyMatch(e -> e.contains("already taken"));
  }

  @Test
  void memoryFractionsFollowEachEnginesDefinition() {
    MemoryBreakdown m =
        new MemoryBreakdown(
            Bytes.ofGiB(40),
            Bytes.ofGiB(30),
            Bytes.ofGiB(2),
            Bytes.ofGiB(2),
            Bytes.ofGiB(74),
            Bytes.ofGiB(80));
    assertThat(MemoryFractions.vllmUtilization(m)).isEqualTo(0.93); // 74/80 = 0.925, rounded up
    assertThat(MemoryFractions.sglangStatic(m)).isEqualTo(0.88); // 70/80 = 0.875
    assertThat(MemoryFractions.trtllmFreeFraction(m)).isEqualTo(0.84); // 30/36 = 0.833
    MemoryBreakdown exact =
        new MemoryBreakdown(
            Bytes.ofGiB(36),
            Bytes.ofGiB(36),
            Bytes.ZERO,
            Bytes.ZERO,
            Bytes.ofGiB(72),
            Bytes.ofGiB(80));
    assertThat(MemoryFractions.vllmUtilization(exact)).isEqualTo(0.9);
  }

  @Test
  void speculationIsEmittedForVllmAndSglangAndRefusedForTrtllm() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    Plan p =
        replaceGroup(
            plan, 0, g.withSpeculative(Optional.of(new Speculation("llama-3.2-1b", 4, 0.75))));
    String vllm = new VllmEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
    assertThat(vllm)
        .contains("--speculative-config")
        .contains(
            "{\"model\":\"meta-llama/Llama-3.2-1B\",\"num_speculative_tokens\":4,\"method\":\"draft_model\"}");
    String sglang = new SglangEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
    assertThat(sglang)
        .contains("--speculative-algorithm STANDALONE")
        .contains("--speculative-draft-model-path meta-llama/Llama-3.2-1B")
        .contains("--speculative-num-steps 4")
        .contains("--speculative-num-draft-tokens 5");
    EmitResult trt = new TrtllmEmitter().emit(p, EmitOptions.DEFAULT);
    assertThat(trt.ok()).isFalse();
    assertThat(trt.errors())
        .anyMatch(e -> e.contains("speculatively") && e.contains("speculative_decoding=never"));
    // Without the field nothing about speculation is written.
    assertThat(new VllmEmitter().emit(plan, EmitOptions.DEFAULT).files().get(0).content())
        .doesNotContain("speculative");
  }

  @Test
  void prefixCachingFlagsFollowThePlan() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    for (boolean on : new boolean[] {true, false}) {
      Plan p = replaceGroup(plan, 0, g.withPrefixCaching(on));
      String vllm = new VllmEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
      assertThat(vllm).contains(on ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
      String sglang = new SglangEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
      if (on) {
        assertThat(sglang).doesNotContain("--disable-radix-cache");
      } else {
        assertThat(sglang).contains("--disable-radix-cache");
      }
      String trtllm =
          new TrtllmEmitter()
              .emit(p, EmitOptions.DEFAULT).files().stream()
                  .filter(f -> f.content().contains("kv_cache_config"))
                  .findFirst()
                  .orElseThrow()
                  .content();
      assertThat(trtllm).contains("enable_block_reuse: " + on);
    }
  }

  @Test
  void quantizedWeightsNeedANamedCheckpoint() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    Group int4 =
        new Group(
            g.role(),
            g.pool(),
            g.gpu(),
            g.instances(),
            g.tp(),
            g.pp(),
            g.ep(),
            Dtype.INT4,
            g.kvDtype(),
            g.maxNumSeqs(),
            g.maxNumBatchedTokens(),
            g.kvCachePerGpu(),
            g.memoryPerGpu(),
            g.pricePerGpuHour(),
            g.ratePerInstance(),
            g.placement());
    Plan quantized = replaceGroup(plan, 0, int4);
    EmitResult refused = new VllmEmitter().emit(quantized, EmitOptions.DEFAULT);
    assertThat(refused.errors())
        .anyMatch(e -> e.contains("int4") && e.contains("--model assistant="));
    EmitResult named =
        new VllmEmitter()
            .emit(
                quantized,
                new EmitOptions(
                    Map.of("assistant", "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4")));
    assertThat(named.errors()).isEmpty();
    String script = named.files().get(0).content();
    assertThat(script)
        .contains("vllm serve hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4")
        .doesNotContain("--quantization");
  }

  @Test
  void vllmRefusesExpertParallelSmallerThanTp() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(1).groups().get(0);
    Group ep1of2 =
        new Group(
            Role.UNIFIED,
            g.pool(),
            g.gpu(),
            g.instances(),
            4,
            1,
            2,
            g.weights(),
            g.kvDtype(),
            g.maxNumSeqs(),
            g.maxNumBatchedTokens(),
            g.kvCachePerGpu(),
            g.memoryPerGpu(),
            g.pricePerGpuHour(),
            g.ratePerInstance(),
            Plans.packed(2, 4, 1, 8, 1));
    Plan p =
        new Plan(
            plan.spec(),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            List.of(
                new PlanDeployment(
                    "code_moe",
                    "mixtral-8x7b",
                    plan.deployments().get(1).predicted(),
                    List.of(),
                    List.of(ep1of2))),
            plan.inventory());
    assertThat(new VllmEmitter().emit(p, EmitOptions.DEFAULT).errors())
        .anyMatch(e -> e.contains("ep=2 with tp=4"));
    assertThat(new SglangEmitter().emit(p, EmitOptions.DEFAULT).errors()).isEmpty();
  }

  @Test
  void modelReposComeFromTheCatalogSource() {
    assertThat(ModelRepos.forModel("llama-3.1-70b")).contains("meta-llama/Llama-3.1-70B");
    assertThat(ModelRepos.forModel("mixtral-8x7b")).contains("mistralai/Mixtral-8x7B-v0.1");
    assertThat(ModelRepos.forModel("Org/some-model")).contains("Org/some-model");
    assertThat(ModelRepos.forModel("no such model")).isEmpty();
  }

  @Test
  void namesAreDns1123() {
    assertThat(Names.dns1123("Code_MoE--Svc_")).isEqualTo("code-moe-svc");
    String longName = Names.dns1123("x".repeat(100));
    assertThat(Names.isDns1123Label(longName)).isTrue();
    assertThat(Names.dns1123("x".repeat(100))).isNotEqualTo(Names.dns1123("x".repeat(101)));
  }

  static Plan replaceGroup(Plan plan, int deployment, Group g) {
    List<PlanDeployment> ds = new java.util.ArrayList<>(plan.deployments());
    PlanDeployment d = ds.get(deployment);
    ds.set(
        deployment, new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), List.of(g)));
    return new Plan(
        plan.spec(),
        plan.costPerHour(),
        plan.objective(),
        plan.solver(),
        plan.baseline(),
        ds,
        plan.inventory());
  }

  @Test
  void loraIsEmittedForEveryEngine() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    dev.servplan.compiler.plan.LoraPlan lora =
        new dev.servplan.compiler.plan.LoraPlan(
            3,
            64,
            List.of(
                new dev.servplan.compiler.plan.LoraPlan.AdapterSet(
                    "tenant", 2, 16, 0.5, Optional.of("org/tenant")),
                new dev.servplan.compiler.plan.LoraPlan.AdapterSet(
                    "sql", 1, 64, 0.2, Optional.of("org/sql-lora"))));
    Plan p = replaceGroup(plan, 0, g.withLora(Optional.of(lora)));
    String vllm = new VllmEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
    assertThat(vllm)
        .contains("--enable-lora")
        .contains("--max-loras 3")
        .contains("--max-lora-rank 64")
        .contains("--max-cpu-loras 3")
        .contains("--lora-modules tenant-1=org/tenant-1 tenant-2=org/tenant-2 sql=org/sql-lora");
    String sglang = new SglangEmitter().emit(p, EmitOptions.DEFAULT).files().get(0).content();
    assertThat(sglang)
        .contains("--enable-lora")
        .contains("--max-loras-per-batch 3")
        .contains("--max-loaded-loras 3")
        .contains("--max-lora-rank 64")
        .contains("--lora-paths tenant-1=org/tenant-1 tenant-2=org/tenant-2 sql=org/sql-lora");
    EmitResult trt = new TrtllmEmitter().emit(p, EmitOptions.DEFAULT);
    assertThat(trt.ok()).isTrue();
    String yaml =
        trt.files().stream()
            .filter(f -> f.path().endsWith(".yaml"))
            .findFirst()
            .orElseThrow()
            .content();
    assertThat(yaml)
        .contains("lora_config:")
        .contains("- org/tenant-1")
        .contains("- org/sql-lora")
        .contains("max_lora_rank: 64")
        .contains("max_loras: 3")
        .contains("max_cpu_loras: 3");
    // Without the field nothing about LoRA is written.
    assertThat(new VllmEmitter().emit(plan, EmitOptions.DEFAULT).files().get(0).content())
        .doesNotContain("lora");
  }

  @Test
  void aMergedAdapterNeedsTheMergedCheckpoint() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    dev.servplan.compiler.plan.LoraPlan merged =
        new dev.servplan.compiler.plan.LoraPlan(
            1,
            16,
            List.of(
                new dev.servplan.compiler.plan.LoraPlan.AdapterSet(
                    "legal", 1, 16, 1.0, Optional.of("org/legal"))),
            true);
    Plan p = replaceGroup(plan, 0, g.withLora(Optional.of(merged)));
    EmitResult refused = new VllmEmitter().emit(p, EmitOptions.DEFAULT);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.errors())
        .anyMatch(e -> e.contains("merged into the weights") && e.contains("--model"));
    String name = plan.deployments().get(0).name();
    EmitResult ok = new VllmEmitter().emit(p, new EmitOptions(Map.of(name, "org/legal-merged")));
    assertThat(ok.ok()).isTrue();
    assertThat(ok.files().get(0).content())
        .contains("org/legal-merged")
        .doesNotContain("--enable-lora");
  }
}
