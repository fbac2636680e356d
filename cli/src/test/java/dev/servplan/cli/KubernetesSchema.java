package dev.servplan.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks emitted Kubernetes manifests against the Fabric8 Kubernetes model, whose classes are
 * generated from the Kubernetes OpenAPI schema: every document must bind to its kind's class with
 * every field known to the schema (Fabric8 keeps unknown fields in {@code additionalProperties},
 * which must stay empty everywhere in the tree) and of the schema's type. LeaderWorkerSet is a
 * custom resource the model does not include: its pod templates are checked as {@link
 * PodTemplateSpec} and its own fields against the LeaderWorkerSet v1 API
 * (github.com/kubernetes-sigs/lws, api/leaderworkerset/v1).
 */
final class KubernetesSchema {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  private static final Set<String> LWS_SPEC =
      Set.of(
          "replicas", "leaderWorkerTemplate", "rolloutStrategy", "startupPolicy", "networkConfig");
  private static final Set<String> LWS_TEMPLATE =
      Set.of("size", "leaderTemplate", "workerTemplate", "restartPolicy", "subGroupPolicy");

  private KubernetesSchema() {}

  /** Problems in a multi-document manifest, as "document N (Kind name): message". */
  static List<String> check(String manifests) throws IOException {
    List<String> problems = new ArrayList<>();
    int n = 0;
    for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests).readAll()) {
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      n++;
      String kind = doc.path("kind").asText();
      String where =
          "document " + n + " (" + kind + " " + doc.path("metadata").path("name").asText() + ")";
      try {
        switch (kind) {
          case "Deployment" -> unknown(YAML.treeToValue(doc, Deployment.class), where, problems);
          case "Service" -> unknown(YAML.treeToValue(doc, Service.class), where, problems);
          case "LeaderWorkerSet" -> leaderWorkerSet(doc, where, problems);
          default -> problems.add(where + ": unexpected kind");
        }
      } catch (IOException | IllegalArgumentException e) {
        problems.add(
            where
                + ": does not match the schema: "
                + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (n == 0) {
      problems.add("no documents");
    }
    return problems;
  }

  private static void leaderWorkerSet(JsonNode doc, String where, List<String> problems)
      throws IOException {
    if (!doc.path("apiVersion").asText().equals("leaderworkerset.x-k8s.io/v1")) {
      problems.add(where + ": apiVersion must be leaderworkerset.x-k8s.io/v1");
    }
    JsonNode spec = doc.path("spec");
    fieldsWithin(spec, LWS_SPEC, where + " spec", problems);
    JsonNode template = spec.path("leaderWorkerTemplate");
    fieldsWithin(template, LWS_TEMPLATE, where + " spec.leaderWorkerTemplate", problems);
    if (!template.path("size").canConvertToInt() || template.path("size").asInt() < 1) {
      problems.add(where + ": spec.leaderWorkerTemplate.size must be an integer >= 1");
    }
    if (!template.has("workerTemplate")) {
      problems.add(where + ": spec.leaderWorkerTemplate.workerTemplate is required");
    }
    for (String pod : new String[] {"leaderTemplate", "workerTemplate"}) {
      if (template.has(pod)) {
        unknown(
            YAML.treeToValue(template.get(pod), PodTemplateSpec.class),
            where + " " + pod,
            problems);
      }
    }
    ObjectNode meta = (ObjectNode) doc.path("metadata");
    if (meta == null || !meta.has("name")) {
      problems.add(where + ": metadata.name is required");
    }
  }

  private static void fieldsWithin(
      JsonNode node, Set<String> allowed, String where, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                problems.add(where + ": unknown field '" + f + "'");
              }
            });
  }

  /** Walks the bound object; any non-empty additionalProperties is a field the schema lacks. */
  private static void unknown(Object root, String where, List<String> problems) {
    walk(root, where, problems, new IdentityHashMap<>());
  }

  private static void walk(
      Object o, String path, List<String> problems, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), problems, seen);
      }
      return;
    }
    if (!(o instanceof KubernetesResource)) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      try {
        Object v = m.invoke(o);
        if (m.getName().equals("getAdditionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add(path + ": fields not in the schema: " + extra.keySet());
          }
          continue;
        }
        String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        walk(v, path + "." + field, problems, seen);
      } catch (ReflectiveOperationException e) {
        problems.add(path + ": cannot read " + m.getName() + ": " + e);
      }
    }
  }
}
