package dev.servplan.runtime.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.runtime.testing.Plans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The manifests parse as YAML and every object passes the structural check of the API reference.
 */
class K8sEmitterTest {
  static List<JsonNode> objects(Plan plan) throws Exception {
    EmitResult result = new K8sEmitter().emit(plan, EmitOptions.DEFAULT);
    assertThat(result.errors()).isEmpty();
    List<JsonNode> objects = new ArrayList<>();
    for (EmittedFile f : result.files()) {
      try (MappingIterator<JsonNode> it =
          new YAMLMapper().readerFor(JsonNode.class).readValues(f.content())) {
        while (it.hasNext()) {
          JsonNode n = it.next();
          if (n != null && !n.isMissingNode() && !n.isEmpty()) {
            objects.add(n);
          }
        }
      }
    }
    return objects;
  }

  @Test
  void everyObjectIsStructurallyValid() throws Exception {
    for (Plan plan : List.of(Plans.disaggregated(), Plans.unified())) {
      for (JsonNode obj : objects(plan)) {
        assertThat(K8sStructure.check(obj))
            .as(obj.path("kind") + " " + obj.path("metadata").path("name"))
            .isEmpty();
      }
    }
  }

  @Test
  void singleNodeGroupsAreDeploymentsAndSpanningGroupsLeaderWorkerSets() throws Exception {
    List<JsonNode> objs = objects(Plans.disaggregated());
    JsonNode prefill = find(objs, "Deployment", "chat-prefill");
    assertThat(prefill.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(
            prefill
                .at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu")
                .asText())
        .isEqualTo("4");
    assertThat(prefill.at("/spec/template/spec/nodeSelector/nvidia.com~1gpu.product").asText())
        .isEqualTo("NVIDIA-H100-80GB-HBM3");
    JsonNode decode = find(objs, "LeaderWorkerSet", "chat-decode");
    assertThat(decode.at("/apiVersion").asText()).isEqualTo("leaderworkerset.x-k8s.io/v1");
    assertThat(decode.at("/spec/leaderWorkerTemplate/size").asInt()).isEqualTo(2);
    assertThat(
            decode
                .at(
                    "/spec/leaderWorkerTemplate/workerTemplate/spec/containers/0/resources/limits/nvidia.com~1gpu")
                .asText())
        .isEqualTo("8");
    assertThat(find(objs, "Service", "chat-decode").at("/spec/ports/0/port").asInt())
        .isEqualTo(8000);
    // Names come out DNS-1123 even when the deployment name has an underscore.
    assertThat(objects(Plans.unified()))
        .anyMatch(o -> o.at("/metadata/name").asText().equals("code-moe-unified"));
  }

  @Test
  void validatorCatchesBrokenObjects() throws Exception {
    JsonNode good = find(objects(Plans.disaggregated()), "Deployment", "chat-prefill");
    com.fasterxml.jackson.databind.node.ObjectNode bad = good.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("spec")).put("replicas", "2");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("metadata"))
        .put("name", "Chat_Prefill");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/spec/selector/matchLabels"))
        .put("servplan.dev/group", "x");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/spec/template/spec"))
        .remove("containers");
    assertThat(K8sStructure.check(bad)).hasSize(4);
  }

  private static JsonNode find(List<JsonNode> objs, String kind, String name) {
    return objs.stream()
        .filter(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }
}
