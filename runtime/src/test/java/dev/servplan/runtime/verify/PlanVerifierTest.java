package dev.servplan.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.Role;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PlanVerifierTest {
  private final PlanVerifier verifier = new PlanVerifier(PlanFixtures.COST);

  private List<Violation> verify(Plan plan) {
    return verifier.verify(plan, Optional.of(PlanFixtures.spec())).violations();
  }

  /** Edits the plan's JSON text the way a person would, then reads it back. */
  private static Plan edit(Plan plan, UnaryOperator<String> change) {
    String json = PlanIo.write(plan, PlanFormat.JSON);
    String edited = change.apply(json);
    assertThat(edited).as("the edit must change the plan").isNotEqualTo(json);
    PlanFiles.Loaded loaded = PlanFiles.parse(edited, PlanFormat.JSON);
    assertThat(loaded.problems()).isEmpty();
    return loaded.plan().orElseThrow();
  }

  private static Plan withGroup(Plan plan, UnaryOperator<Group> change) {
    PlanDeployment d = plan.deployments().get(0);
    Group changed = change.apply(d.groups().get(0));
    return PlanFixtures.plan(List.of(changed));
  }

  private static Group copy(
      Group g,
      int instances,
      int tp,
      int pp,
      int ep,
      Dtype weights,
      Dtype kv,
      Bytes kvGib,
      HourlyPrice price,
      List<Placement> placement) {
    return new Group(
        g.role(),
        g.pool(),
        g.gpu(),
        instances,
        tp,
        pp,
        ep,
        weights,
        kv,
        g.maxNumSeqs(),
        g.maxNumBatchedTokens(),
        kvGib,
        g.memoryPerGpu(),
        price,
        g.ratePerInstance(),
        placement);
  }

  @Test
  void theFixturePlanIsValidWithAndWithoutTheSpec() {
    assertThat(verify(PlanFixtures.valid())).isEmpty();
    assertThat(verifier.verify(PlanFixtures.valid(), Optional.empty()).violations()).isEmpty();
  }

  @Test
  void kvCacheBeyondMemoryIsP0101() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replaceFirst(
                    "\"kv_cache_gib_per_gpu\" : [0-9.]+", "\"kv_cache_gib_per_gpu\" : 70"));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0101);
    Violation overflow =
        v.stream().filter(x -> x.code() == PlanCode.P0101).findFirst().orElseThrow();
    assertThat(overflow.path()).isEqualTo("deployments[0].groups[0]");
    assertThat(overflow.message()).contains("70GiB").contains("80GiB").contains("h100-sxm-80gb");
  }

  private static Plan withOffloadAndKv(double offloadGib, double kvGib) {
    return edit(
        PlanFixtures.valid(),
        json ->
            json.replaceFirst(
                "\"kv_cache_gib_per_gpu\" : [0-9.]+",
                "\"offload\" : {\"weights_host_gib\" : "
                    + offloadGib
                    + "}, \"kv_cache_gib_per_gpu\" : "
                    + kvGib));
  }

  @Test
  void offloadedWeightsMakeRoomForKvAndMustBeWeights() {
    // 70 GiB of KV next to the 8B model's 15 GiB of weights overflows the 80 GiB GPU ...
    assertThat(verify(withOffloadAndKv(0.001, 70)))
        .extracting(Violation::code)
        .contains(PlanCode.P0101);
    // ... unless 10 GiB of the weights stay in host memory.
    assertThat(verify(withOffloadAndKv(10, 70)))
        .extracting(Violation::code)
        .doesNotContain(PlanCode.P0101, PlanCode.P0107);
    // More than the GPU's weight shard cannot be offloaded.
    List<Violation> v = verify(withOffloadAndKv(40, 20));
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0107);
    assertThat(v.stream().filter(x -> x.code() == PlanCode.P0107).findFirst().orElseThrow().path())
        .isEqualTo("deployments[0].groups[0].offload.weights_host_gib");
  }

  private static Plan withTiers(String offload) {
    return edit(
        PlanFixtures.valid(),
        json ->
            json.replaceFirst(
                "\"kv_cache_gib_per_gpu\"",
                "\"offload\" : " + offload + ", \"kv_cache_gib_per_gpu\""));
  }

  @Test
  void offloadTiersWithinTheirCapacitiesAndOverIsP0107() {
    // The fixture's H100 has 256 GiB of host DRAM and 3.84 TB of NVMe per GPU (DGX H100 tier).
    assertThat(verify(withTiers("{\"weights_nvme_gib\" : 10, \"kv_host_gib\" : 200}")))
        .extracting(Violation::code)
        .doesNotContain(PlanCode.P0107, PlanCode.P0101);
    // Host weights and host KV share the host DRAM.
    List<Violation> host = verify(withTiers("{\"weights_host_gib\" : 10, \"kv_host_gib\" : 250}"));
    assertThat(host)
        .filteredOn(x -> x.code() == PlanCode.P0107)
        .extracting(Violation::path)
        .containsExactly("deployments[0].groups[0].offload.kv_host_gib");
    // Host and NVMe weights together cannot exceed the GPU's shard.
    List<Violation> shard =
        verify(withTiers("{\"weights_host_gib\" : 10, \"weights_nvme_gib\" : 10}"));
    assertThat(shard)
        .filteredOn(x -> x.code() == PlanCode.P0107)
        .extracting(Violation::path)
        .containsExactly("deployments[0].groups[0].offload.weights_nvme_gib");
  }

  @Test
  void expertOffloadOnADenseModelIsP0107() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replaceFirst(
                    "\"kv_cache_gib_per_gpu\"",
                    "\"expert_offload\" : {\"cached_experts\" : 2}, \"kv_cache_gib_per_gpu\""));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0107);
    assertThat(
            v.stream().filter(x -> x.code() == PlanCode.P0107).findFirst().orElseThrow().message())
        .contains("mixture-of-experts", "llama-3.1-8b");
  }

  @Test
  void tpThatDoesNotDivideHeadsIsP0201AndKvHeadsP0202() {
    Plan plan =
        withGroup(
            PlanFixtures.valid(),
            g ->
                copy(
                    g,
                    1,
                    3,
                    1,
                    1,
                    g.weights(),
                    g.kvDtype(),
                    g.kvCachePerGpu(),
                    g.pricePerGpuHour(),
                    List.of(new Placement(0, List.of(new Placement.Stage(0, List.of(0, 1, 2)))))));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0201, PlanCode.P0202);
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0201)
        .first()
        .satisfies(
            x -> {
              assertThat(x.path()).isEqualTo("deployments[0].groups[0].tp");
              assertThat(x.message()).contains("32 attention heads").contains("tp=3");
            });
  }

  @Test
  void ppThatDoesNotDivideLayersIsP0203() {
    Plan plan = edit(PlanFixtures.valid(), json -> json.replace("\"pp\" : 1", "\"pp\" : 3"));
    assertThat(verify(plan))
        .filteredOn(x -> x.code() == PlanCode.P0203)
        .first()
        .satisfies(x -> assertThat(x.message()).contains("32 layers").contains("pp=3"));
  }

  @Test
  void expertParallelismOnADenseModelIsP0204() {
    Plan plan = edit(PlanFixtures.valid(), json -> json.replace("\"ep\" : 1", "\"ep\" : 2"));
    assertThat(verify(plan)).extracting(Violation::code).contains(PlanCode.P0204);
  }

  @Test
  void tpBeyondTheNodeIsP0205() {
    Group big = PlanFixtures.h100Group(Role.UNIFIED, 1, 16, 0);
    List<Violation> v = verify(PlanFixtures.plan(List.of(big)));
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0205)
        .first()
        .satisfies(x -> assertThat(x.message()).contains("tp=16").contains("8 GPUs"));
  }

  @Test
  void doubleBookedGpuIsP0301() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replaceFirst("\"gpus\" : \\[\\s*1\\s*\\]", "\"gpus\" : [ 0 ]"));
    List<Violation> v = verify(plan);
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0301)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.path())
                  .isEqualTo("deployments[0].groups[0].placement[1].stages[0].gpus[0]");
              assertThat(x.message()).contains("GPU 0 of node 0").contains("placement[0]");
            });
  }

  @Test
  void placementOutsideThePoolIsP0302() {
    Plan plan =
        edit(PlanFixtures.valid(), json -> json.replaceFirst("\"node\" : 0", "\"node\" : 5"));
    assertThat(verify(plan))
        .filteredOn(x -> x.code() == PlanCode.P0302)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("node 5").contains("2 nodes"));
  }

  @Test
  void placementsThatDoNotMatchInstancesAreP0303() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replace("\"instances\" : 2", "\"instances\" : 3")
                    .replaceFirst("\"cost_per_hour\" : 6", "\"cost_per_hour\" : 9"));
    assertThat(verify(plan))
        .filteredOn(x -> x.code() == PlanCode.P0303)
        .first()
        .satisfies(x -> assertThat(x.message()).contains("3 instances but 2 placements"));
  }

  @Test
  void morePoolGpusThanTheSpecHasIsP0304AndWithoutSpecTheInventoryIsUsed() {
    Group many = PlanFixtures.h100Group(Role.UNIFIED, 9, 2, 0); // 18 GPUs of 16
    Plan plan = PlanFixtures.plan(List.of(many));
    assertThat(verify(plan))
        .filteredOn(x -> x.code() == PlanCode.P0304)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("18 GPUs of pool 'h100', which has 16"));
    assertThat(verifier.verify(plan, Optional.empty()).violations())
        .extracting(Violation::code)
        .contains(PlanCode.P0304);
  }

  @Test
  void unknownPoolIsP0305() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"pool\" : \"h100\"", "\"pool\" : \"h200\""));
    assertThat(verify(plan)).extracting(Violation::code).contains(PlanCode.P0305);
  }

  @Test
  void wrongPriceIsP0401AndCostThatDoesNotAddUpIsP0402() {
    Plan cheap =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replace("\"price_per_gpu_hour\" : 3", "\"price_per_gpu_hour\" : 2.5")
                    .replaceFirst("\"cost_per_hour\" : 6", "\"cost_per_hour\" : 5"));
    List<Violation> v = verify(cheap);
    assertThat(v).extracting(Violation::code).containsExactly(PlanCode.P0401);
    assertThat(v.get(0).message()).contains("2.5/h").contains("3/h");

    Plan wrongSum =
        edit(
            PlanFixtures.valid(),
            json -> json.replaceFirst("\"cost_per_hour\" : 6", "\"cost_per_hour\" : 4"));
    assertThat(verify(wrongSum))
        .filteredOn(x -> x.code() == PlanCode.P0402)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.path()).isEqualTo("cost_per_hour");
              assertThat(x.message()).contains("4/h").contains("6/h");
            });
  }

  @Test
  void fp8OnA100IsP0501AndP0502() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replace("\"gpu\" : \"h100-sxm-80gb\"", "\"gpu\" : \"a100-sxm-80gb\"")
                    .replace("\"pool\" : \"h100\"", "\"pool\" : \"a100\"")
                    .replace("\"price_per_gpu_hour\" : 3", "\"price_per_gpu_hour\" : 2")
                    .replaceFirst("\"cost_per_hour\" : 6", "\"cost_per_hour\" : 4")
                    .replace("\"weights\" : \"bf16\"", "\"weights\" : \"fp8\"")
                    .replace("\"kv_dtype\" : \"bf16\"", "\"kv_dtype\" : \"fp8\""));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0501, PlanCode.P0502);
    assertThat(v)
        .filteredOn(x -> x.code() == PlanCode.P0501)
        .first()
        .satisfies(x -> assertThat(x.message()).contains("a100-sxm-80gb").contains("fp8"));
  }

  @Test
  void kiviKvNeedsItsKvCompressionFieldAndTheSpecsTolerance() {
    // int4 KV without the field is P0502; with it, the fixture spec (no tolerance) refuses it.
    Plan bare =
        edit(
            PlanFixtures.valid(),
            json -> json.replaceFirst("\"kv_dtype\" : \"bf16\"", "\"kv_dtype\" : \"int4\""));
    assertThat(verify(bare))
        .filteredOn(x -> x.code() == PlanCode.P0502)
        .anyMatch(x -> x.message().contains("kv_compression: {dtype: int4}"));
    Plan declared =
        edit(
            PlanFixtures.valid(),
            json ->
                json.replaceFirst(
                    "\"kv_dtype\" : \"bf16\"",
                    "\"kv_dtype\" : \"int4\", \"kv_compression\" : {\"dtype\" : \"int4\"}"));
    assertThat(verify(declared)).extracting(Violation::code).doesNotContain(PlanCode.P0502);
    assertThat(verify(declared))
        .filteredOn(x -> x.code() == PlanCode.P0503)
        .anyMatch(x -> x.path().endsWith(".kv_compression"));
    // Without a spec the verifier cannot know the tolerance and accepts the declared format.
    assertThat(verifier.verify(declared, Optional.empty()).violations())
        .extracting(Violation::code)
        .doesNotContain(PlanCode.P0502, PlanCode.P0503);
  }

  @Test
  void fp4BeforeB200IsRejected() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"weights\" : \"bf16\"", "\"weights\" : \"fp4\""));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0501, PlanCode.P0503);
  }

  @Test
  void precisionOutsideTheSpecIsP0503() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"kv_dtype\" : \"bf16\"", "\"kv_dtype\" : \"int8\""));
    assertThat(verify(plan))
        .filteredOn(x -> x.code() == PlanCode.P0503)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("int8").contains("[bf16, fp8]"));
  }

  @Test
  void coverageOfTheSpecIsChecked() {
    Plan renamed =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"name\" : \"chat\"", "\"name\" : \"talk\""));
    assertThat(verify(renamed))
        .extracting(Violation::code)
        .contains(PlanCode.P0601, PlanCode.P0602);

    Plan otherModel =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"model\" : \"llama-3.1-8b\"", "\"model\" : \"mixtral-8x7b\""));
    assertThat(verify(otherModel))
        .filteredOn(x -> x.code() == PlanCode.P0603)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("mixtral-8x7b").contains("llama-3.1-8b"));
  }

  @Test
  void prefillWithoutDecodeIsP0604() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replace("\"role\" : \"unified\"", "\"role\" : \"prefill\""));
    assertThat(verify(plan)).extracting(Violation::code).contains(PlanCode.P0604);
  }

  @Test
  void unknownApiVersionIsP0002AndGarbageIsP0001() {
    String json =
        PlanIo.write(PlanFixtures.valid(), PlanFormat.JSON).replace("servplan/v1", "servplan/v9");
    PlanFiles.Loaded loaded = PlanFiles.parse(json, PlanFormat.JSON);
    assertThat(loaded.plan()).isEmpty();
    assertThat(loaded.problems()).extracting(Violation::code).containsExactly(PlanCode.P0002);
    assertThat(loaded.problems().get(0).message()).contains("servplan/v9");

    assertThat(PlanFiles.parse("{not json", PlanFormat.JSON).problems())
        .extracting(Violation::code)
        .containsExactly(PlanCode.P0001);
  }

  @Test
  void understatedMemoryBreakdownWarnsWithP0102() {
    Plan plan =
        edit(
            PlanFixtures.valid(),
            json -> json.replaceFirst("\"weights\" : [0-9.]+", "\"weights\" : 2"));
    List<Violation> v = verify(plan);
    assertThat(v).extracting(Violation::code).contains(PlanCode.P0102);
    assertThat(v).noneMatch(Violation::isError);
  }

  @Test
  void smPartitionTogetherWithATechniqueTheSolverNeverCombinesIsRefused() {
    Plan split =
        withGroup(
            PlanFixtures.valid(),
            g ->
                g.with((new dev.servplan.compiler.technique.smpartition.SmSplit(0.6)))
                    .with(
                        (new dev.servplan.compiler.technique.speculative.Speculation(
                            "llama-3.2-1b", 4, 0.75))));
    assertThat(verify(split))
        .filteredOn(v -> v.code() == PlanCode.P0607)
        .singleElement()
        .extracting(Violation::message)
        .asString()
        .contains("speculative_decoding");
    assertThat(
            dev.servplan.compiler.technique.Compatibility.conflicts(
                    split.deployments().get(0).groups().get(0).techniques())
                .stream()
                .map(c -> c.second().technique())
                .toList())
        .containsExactly(dev.servplan.compiler.ir.Technique.SPECULATIVE_DECODING);
  }
}
