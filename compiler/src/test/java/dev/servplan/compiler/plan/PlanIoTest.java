package dev.servplan.compiler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanIoTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode schema() throws Exception {
    return MAPPER.readTree(Files.readString(Path.of("..", "docs", "plan-schema.json")));
  }

  @Test
  void jsonRoundTripIsByteStable() {
    String first = PlanIo.write(SamplePlans.twoGroups(), PlanFormat.JSON);
    PlanIo.ReadResult read = PlanIo.read(first, PlanFormat.JSON);
    assertThat(read.errors()).isEmpty();
    assertThat(PlanIo.write(read.plan().orElseThrow(), PlanFormat.JSON)).isEqualTo(first);
    assertThat(read.plan().orElseThrow())
        .isEqualTo(PlanIo.read(first, PlanFormat.JSON).plan().orElseThrow());
  }

  @Test
  void yamlRoundTripMatchesJson() {
    Plan plan = SamplePlans.twoGroups();
    String yaml = PlanIo.write(plan, PlanFormat.YAML);
    PlanIo.ReadResult read = PlanIo.read(yaml, PlanFormat.YAML);
    assertThat(read.errors()).isEmpty();
    assertThat(PlanIo.write(read.plan().orElseThrow(), PlanFormat.JSON))
        .isEqualTo(PlanIo.write(plan, PlanFormat.JSON));
    assertThat(yaml).startsWith("apiVersion: servplan/v1\nkind: Plan\n");
  }

  @Test
  void keysComeInSchemaOrderAndNumbersArePlain() {
    String json = PlanIo.write(SamplePlans.twoGroups(), PlanFormat.JSON);
    assertThat(json.indexOf("\"apiVersion\"")).isLessThan(json.indexOf("\"kind\""));
    assertThat(json.indexOf("\"kind\"")).isLessThan(json.indexOf("\"cost_per_hour\""));
    assertThat(json)
        .contains("\"cost_per_hour\" : 39.84")
        .contains("\"requests_per_s_per_instance\" : 0.333333")
        .doesNotContain("E-")
        .doesNotContain("\r");
  }

  @Test
  void writtenPlanValidatesAgainstSchema() throws Exception {
    JsonNode tree = PlanIo.toTree(SamplePlans.twoGroups());
    assertThat(MiniSchema.validate(schema(), tree)).isEmpty();
  }

  @Test
  void speculativeGroupRoundTripsAndValidates() throws Exception {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new java.util.ArrayList<>(d.groups());
    groups.set(
        groups.size() - 1,
        groups.get(groups.size() - 1).with((new Speculation("llama-3.2-1b", 4, 0.75))));
    Plan spec =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String json = PlanIo.write(spec, PlanFormat.JSON);
    assertThat(json).contains("\"speculative\" : {").contains("\"draft\" : \"llama-3.2-1b\"");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(Speculation.of(read.deployments().get(0).groups().get(groups.size() - 1)))
        .contains(new Speculation("llama-3.2-1b", 4, 0.75));
    assertThat(Speculation.of(read.deployments().get(0).groups().get(0))).isEmpty();
    // A bad block is reported, not thrown.
    String bad = json.replace("\"acceptance\" : 0.75", "\"acceptance\" : 1.5");
    assertThat(PlanIo.read(bad, PlanFormat.JSON).errors())
        .anyMatch(e -> e.contains("speculative.acceptance"));
  }

  @Test
  void offloadGroupRoundTripsAndValidates() throws Exception {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new java.util.ArrayList<>(d.groups());
    groups.set(0, groups.get(0).with((new Offload(35))));
    groups.set(1, groups.get(1).with((new ExpertOffload(6))));
    Plan off =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String json = PlanIo.write(off, PlanFormat.JSON);
    assertThat(json).contains("\"offload\" : {").contains("\"weights_host_gib\" : 35");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(Offload.of(read.deployments().get(0).groups().get(0))).contains(new Offload(35));
    assertThat(Offload.of(read.deployments().get(0).groups().get(1))).isEmpty();
    assertThat(ExpertOffload.of(read.deployments().get(0).groups().get(1)))
        .contains(new ExpertOffload(6));
    assertThat(ExpertOffload.of(read.deployments().get(0).groups().get(0))).isEmpty();
    assertThat(json).contains("\"expert_offload\" : {").contains("\"cached_experts\" : 6");
    assertThat(PlanText.render(read)).contains("expert offload (6 experts per layer cached");
    assertThat(
            PlanIo.read(
                    json.replace("\"cached_experts\" : 6", "\"cached_experts\" : 1.5"),
                    PlanFormat.JSON)
                .errors())
        .anyMatch(e -> e.contains("expert_offload.cached_experts"));
    assertThat(PlanText.render(read)).contains("offload 35 GiB/GPU of weights to host");
    String bad = json.replace("\"weights_host_gib\" : 35", "\"weights_host_gib\" : -1");
    assertThat(PlanIo.read(bad, PlanFormat.JSON).errors())
        .anyMatch(e -> e.contains("offload.weights_host_gib"));
  }

  @Test
  void offloadTiersRoundTripAndAbsentKeysReadAsZero() throws Exception {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new java.util.ArrayList<>(d.groups());
    groups.set(0, groups.get(0).with((new Offload(0, 450, 20))));
    groups.set(1, groups.get(1).with((new Offload(61, 0, 149))));
    Plan off =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String json = PlanIo.write(off, PlanFormat.JSON);
    // Unused tiers are omitted.
    assertThat(json)
        .contains("\"weights_nvme_gib\" : 450", "\"kv_host_gib\" : 20", "\"kv_host_gib\" : 149")
        .doesNotContain("\"weights_host_gib\" : 0");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(Offload.of(read.deployments().get(0).groups().get(0)))
        .contains(new Offload(0, 450, 20));
    assertThat(PlanText.render(read))
        .contains("offload 450 GiB/GPU of weights to NVMe, 20 GiB/GPU of KV cache to host")
        .contains("offload 61 GiB/GPU of weights to host, 149 GiB/GPU of KV cache to host");
    // A negative tier, an unknown key or an empty block is an error, not a plan.
    assertThat(
            PlanIo.read(
                    json.replace("\"kv_host_gib\" : 20", "\"kv_host_gib\" : -2"), PlanFormat.JSON)
                .errors())
        .anyMatch(e -> e.contains("offload.kv_host_gib"));
    assertThat(
            PlanIo.read(
                    json.replace("\"kv_host_gib\" : 20", "\"kv_disk_gib\" : 20"), PlanFormat.JSON)
                .errors())
        .anyMatch(e -> e.contains("offload.kv_disk_gib: unknown key"));
    assertThat(
            PlanIo.read(
                    json.replace("\"weights_nvme_gib\" : 450", "\"weights_nvme_gib\" : 0")
                        .replace("\"kv_host_gib\" : 20", "\"kv_host_gib\" : 0"),
                    PlanFormat.JSON)
                .errors())
        .anyMatch(e -> e.contains("at least one positive tier"));
  }

  @Test
  void planWithoutBaselineCostValidates() throws Exception {
    Plan p = SamplePlans.twoGroups();
    Plan noBaseline =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            new Baseline("no single pool fits", Optional.empty(), List.of()),
            p.deployments(),
            p.inventory());
    String json = PlanIo.write(noBaseline, PlanFormat.JSON);
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    assertThat(PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow().baseline().costPerHour())
        .isEmpty();
  }

  @Test
  void schemaCheckCatchesABrokenPlan() throws Exception {
    ObjectNode tree = (ObjectNode) PlanIo.toTree(SamplePlans.twoGroups());
    tree.remove("solver");
    ((ObjectNode) tree.get("deployments").get(0).get("groups").get(0)).put("tp", 0);
    List<String> errors = MiniSchema.validate(schema(), tree);
    assertThat(errors)
        .anyMatch(e -> e.contains("solver"))
        .anyMatch(e -> e.contains("groups[0].tp"));
  }

  @Test
  void unknownApiVersionIsRejectedWithAClearError() {
    String json =
        PlanIo.write(SamplePlans.twoGroups(), PlanFormat.JSON)
            .replace("servplan/v1", "servplan/v9");
    PlanIo.ReadResult read = PlanIo.read(json, PlanFormat.JSON);
    assertThat(read.plan()).isEmpty();
    assertThat(read.errors())
        .singleElement()
        .asString()
        .contains("unsupported apiVersion \"servplan/v9\"")
        .contains("servplan/v1");
  }

  @Test
  void wrongKindIsRejected() {
    String json =
        PlanIo.write(SamplePlans.twoGroups(), PlanFormat.JSON).replace("\"Plan\"", "\"Spec\"");
    assertThat(PlanIo.read(json, PlanFormat.JSON).errors())
        .singleElement()
        .asString()
        .contains("$.kind");
  }

  @Test
  void readingCollectsEveryErrorWithItsPath() {
    String json =
        PlanIo.write(SamplePlans.twoGroups(), PlanFormat.JSON)
            .replace("\"tp\" : 4", "\"tp\" : \"four\"")
            .replace("\"kv_dtype\" : \"fp8\"", "\"kv_dtype\" : \"fp7\"");
    PlanIo.ReadResult read = PlanIo.read(json, PlanFormat.JSON);
    assertThat(read.ok()).isFalse();
    assertThat(read.errors())
        .anyMatch(e -> e.startsWith("$.deployments[0].groups[0].tp: expected an integer"))
        .anyMatch(e -> e.contains("unknown dtype \"fp7\""));
  }

  @Test
  void malformedTextIsAnErrorNotAnException() {
    assertThat(PlanIo.read("{ not json", PlanFormat.JSON).errors())
        .singleElement()
        .asString()
        .startsWith("not valid json");
    assertThat(PlanIo.read("", PlanFormat.JSON).ok()).isFalse();
    assertThat(PlanIo.read("[1, 2]", PlanFormat.JSON).errors())
        .singleElement()
        .asString()
        .contains("expected a plan object");
  }

  @Test
  void totalsFollowTheGroups() {
    Plan p = SamplePlans.twoGroups();
    assertThat(p.totalGpus()).isEqualTo(2 * 4 + 1 * 8);
    assertThat(p.deployments().get(0).groups().get(1).costPerHour())
        .isEqualTo(new HourlyPrice(2.49 * 8));
  }

  @Test
  void kvCompressionRoundTripsAndValidates() throws Exception {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new java.util.ArrayList<>(d.groups());
    Group last = groups.get(groups.size() - 1);
    KvCompressionSetting setting =
        new KvCompressionSetting(
            Optional.of(dev.servplan.hwdb.catalog.Dtype.INT4), Optional.of(2048));
    Group compressed = last.with((setting));
    compressed =
        new Group(
                compressed.role(),
                compressed.pool(),
                compressed.gpu(),
                compressed.instances(),
                compressed.tp(),
                compressed.pp(),
                compressed.ep(),
                compressed.weights(),
                dev.servplan.hwdb.catalog.Dtype.INT4,
                compressed.maxNumSeqs(),
                compressed.maxNumBatchedTokens(),
                compressed.kvCachePerGpu(),
                compressed.memoryPerGpu(),
                compressed.pricePerGpuHour(),
                compressed.ratePerInstance(),
                compressed.placement())
            .with((setting));
    groups.set(groups.size() - 1, compressed);
    Plan plan =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String json = PlanIo.write(plan, PlanFormat.JSON);
    assertThat(json).contains("\"kv_compression\" : {").contains("\"eviction_budget\" : 2048");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(KvCompressionSetting.of(read.deployments().get(0).groups().get(groups.size() - 1)))
        .contains(setting);
    assertThat(KvCompressionSetting.of(read.deployments().get(0).groups().get(0))).isEmpty();
    // A format that is not the group's kv_dtype is reported, not thrown.
    String bad = json.replace("\"dtype\" : \"int4\"", "\"dtype\" : \"int2\"");
    assertThat(PlanIo.read(bad, PlanFormat.JSON).errors())
        .anyMatch(e -> e.contains("kv_compression.dtype"));
  }

  @Test
  void loraGroupRoundTripsAndValidates() throws Exception {
    Plan p = SamplePlans.twoGroups();
    PlanDeployment d = p.deployments().get(0);
    List<Group> groups = new java.util.ArrayList<>(d.groups());
    LoraPlan lora =
        new LoraPlan(
            42,
            64,
            List.of(
                new LoraPlan.AdapterSet("tenant", 40, 16, 0.7, Optional.of("org/tenant")),
                new LoraPlan.AdapterSet("lang", 2, 64, 0.2, Optional.empty())));
    groups.set(0, groups.get(0).with((lora)));
    Plan withLora =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String json = PlanIo.write(withLora, PlanFormat.JSON);
    assertThat(json).contains("\"lora\" : {").contains("\"max_loras\" : 42");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(json))).isEmpty();
    Plan read = PlanIo.read(json, PlanFormat.JSON).plan().orElseThrow();
    assertThat(PlanIo.write(read, PlanFormat.JSON)).isEqualTo(json);
    assertThat(LoraPlan.of(read.deployments().get(0).groups().get(0))).contains(lora);
    assertThat(LoraPlan.of(read.deployments().get(0).groups().get(1))).isEmpty();
    String yaml = PlanIo.write(withLora, PlanFormat.YAML);
    assertThat(PlanIo.read(yaml, PlanFormat.YAML).plan().orElseThrow()).isEqualTo(read);
    // Bad blocks are reported, not thrown.
    String badRank = json.replace("\"rank\" : 64", "\"rank\" : 128");
    assertThat(PlanIo.read(badRank, PlanFormat.JSON).errors())
        .anyMatch(e -> e.contains("lora.adapters[1].rank"));
    // A merged single adapter round-trips with its flag.
    LoraPlan merged =
        new LoraPlan(
            1, 16, List.of(new LoraPlan.AdapterSet("legal", 1, 16, 1.0, Optional.empty())), true);
    groups.set(1, groups.get(1).with((merged)));
    Plan both =
        new Plan(
            p.spec(),
            p.costPerHour(),
            p.objective(),
            p.solver(),
            p.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), groups)),
            p.inventory());
    String bothJson = PlanIo.write(both, PlanFormat.JSON);
    assertThat(bothJson).contains("\"merged\" : true");
    assertThat(MiniSchema.validate(schema(), MAPPER.readTree(bothJson))).isEmpty();
    assertThat(
            PlanIo.read(bothJson, PlanFormat.JSON)
                .plan()
                .orElseThrow()
                .deployments()
                .get(0)
                .groups()
                .get(1)
                .techniques()
                .get(dev.servplan.compiler.ir.Technique.LORA))
        .contains(merged);
    String badShare = json.replace("\"share\" : 0.7", "\"share\" : 7");
    assertThat(PlanIo.read(badShare, PlanFormat.JSON).errors())
        .anyMatch(e -> e.contains("lora.adapters[0].share"));
  }
}
