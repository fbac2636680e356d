package dev.servplan.runtime.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.speculative.Speculation;
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
  void speculationIsEmittedForEveryEngine() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    Plan p = replaceGroup(plan, 0, g.with((new Speculation("llama-3.2-1b", 4, 0.75))));
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
    assertThat(trt.errors()).isEmpty();
    assertThat(file(trt, ".extra-llm-api.yaml"))
        .contains("decoding_type: DraftTarget")
        .contains("max_draft_len: 4")
        .contains("speculative_model_dir: checkpoints/draft-llama-3-2-1b");
    assertThat(file(trt, "prepare.sh"))
        .contains("hf download meta-llama/Llama-3.2-1B")
        .contains("--local-dir checkpoints/draft-llama-3-2-1b");
    assertThat(file(trt, "-0.sh"))
        .contains("[ -f checkpoints/draft-llama-3-2-1b/config.json ]")
        .contains("run ./prepare.sh first");
    // Without the field nothing about speculation is written.
    assertThat(new VllmEmitter().emit(plan, EmitOptions.DEFAULT).files().get(0).content())
        .doesNotContain("speculative");
  }

  @Test
  void trtllmQuantizesFp8WeightsFromA16BitCheckpointInPrepare() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    Group fp8 =
        Plans.group(
            Role.UNIFIED,
            "llama-3.1-8b",
            g.instances(),
            g.tp(),
            g.pp(),
            g.ep(),
            Dtype.FP8,
            Dtype.FP8,
            g.maxNumSeqs(),
            g.maxNumBatchedTokens(),
            g.memoryPerGpu(),
            g.pricePerGpuHour().dollarsPerHour(),
            g.placement());
    Plan p = replaceGroup(plan, 0, fp8);
    EmitResult trt = new TrtllmEmitter().emit(p, EmitOptions.DEFAULT);
    assertThat(trt.errors()).isEmpty();
    String prepare = file(trt, "prepare.sh");
    assertThat(prepare)
        .contains("python hf_ptq.py")
        .contains("--pyt_ckpt_path meta-llama/Llama-3.1-8B")
        .contains("--qformat fp8")
        .contains("MODELOPT_LLM_PTQ");
    String launch = file(trt, "-0.sh");
    assertThat(launch).contains("exec trtllm-serve checkpoints/assistant-fp8");
    assertThat(file(trt, ".extra-llm-api.yaml")).contains("dtype: fp8");
    // A named checkpoint is trusted to be FP8 already: nothing to prepare.
    EmitResult named =
        new TrtllmEmitter()
            .emit(p, new EmitOptions(Map.of("assistant", "nvidia/Llama-3.1-8B-Instruct-FP8")));
    assertThat(named.files()).noneMatch(f -> f.path().endsWith("prepare.sh"));
    assertThat(file(named, "-0.sh")).contains("trtllm-serve nvidia/Llama-3.1-8B-Instruct-FP8");
  }

  private static String file(EmitResult r, String suffix) {
    return r.files().stream()
        .filter(f -> f.path().endsWith(suffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no file ending in " + suffix + ": " + r.files()))
        .content();
  }

  @Test
  void prefixCachingFlagsFollowThePlan() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    for (boolean on : new boolean[] {true, false}) {
      Plan p =
          replaceGroup(
              plan,
              0,
              (on
                  ? g.with(dev.servplan.compiler.technique.prefixcaching.PrefixCaching.ON)
                  : g.without(dev.servplan.compiler.ir.Technique.PREFIX_CACHING)));
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
  void kvCompressionIsEmittedAsFp8OrRefused() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    // fp8 compression is the engines' own fp8 KV cache.
    Plan fp8 = replaceGroup(plan, 0, Plans.compressed(g, Dtype.FP8, Optional.empty()));
    assertThat(new VllmEmitter().emit(fp8, EmitOptions.DEFAULT).files().get(0).content())
        .contains("--kv-cache-dtype fp8");
    assertThat(new SglangEmitter().emit(fp8, EmitOptions.DEFAULT).files().get(0).content())
        .contains("--kv-cache-dtype fp8_e4m3");
    // KIVI int4 and an eviction budget run nowhere: every target refuses, naming the technique.
    Plan int4 = replaceGroup(plan, 0, Plans.compressed(g, Dtype.INT4, Optional.of(2048)));
    for (Emitter e : List.of(new VllmEmitter(), new SglangEmitter(), new TrtllmEmitter())) {
      EmitResult r = e.emit(int4, EmitOptions.DEFAULT);
      assertThat(r.ok()).isFalse();
      assertThat(r.errors())
          .anyMatch(m -> m.contains("int4 (kv_compression)") && m.contains("kv_compression=never"))
          .anyMatch(m -> m.contains("2048 KV tokens") && m.contains("--option engine="));
    }
    Plan evict = replaceGroup(plan, 0, Plans.compressed(g, g.kvDtype(), Optional.of(4096)));
    assertThat(new VllmEmitter().emit(evict, EmitOptions.DEFAULT).errors())
        .anyMatch(m -> m.contains("4096 KV tokens per request (kv_compression eviction)"));
  }

  @Test
  void loraIsEmittedForEveryEngine() {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    dev.servplan.compiler.technique.lora.LoraPlan lora =
        new dev.servplan.compiler.technique.lora.LoraPlan(
            3,
            64,
            List.of(
                new dev.servplan.compiler.technique.lora.LoraPlan.AdapterSet(
                    "tenant", 2, 16, 0.5, Optional.of("org/tenant")),
                new dev.servplan.compiler.technique.lora.LoraPlan.AdapterSet(
                    "sql", 1, 64, 0.2, Optional.of("org/sql-lora"))));
    Plan p = replaceGroup(plan, 0, g.with((lora)));
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
    dev.servplan.compiler.technique.lora.LoraPlan merged =
        new dev.servplan.compiler.technique.lora.LoraPlan(
            1,
            16,
            List.of(
                new dev.servplan.compiler.technique.lora.LoraPlan.AdapterSet(
                    "legal", 1, 16, 1.0, Optional.of("org/legal"))),
            true);
    Plan p = replaceGroup(plan, 0, g.with((merged)));
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
