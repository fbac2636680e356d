package dev.servplan.runtime.emit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A hand-written structural check of the objects K8sEmitter writes, following the Kubernetes API
 * reference (v1.32): Deployment apps/v1 (spec.selector and spec.template required; the selector
 * must match the template labels), Service v1 (ports[].port required, an integer), PodSpec
 * (containers required, each with name and image; resource quantities are strings or numbers), and
 * LeaderWorkerSet leaderworkerset.x-k8s.io/v1 from github.com/kubernetes-sigs/lws
 * api/leaderworkerset/v1 (spec.leaderWorkerTemplate.workerTemplate required; size and replicas
 * integers, size >= 1). Names are RFC 1123 labels. Returns every problem found, as JSON-path-like
 * messages.
 */
final class K8sStructure {
  private K8sStructure() {}

  static List<String> check(JsonNode obj) {
    List<String> problems = new ArrayList<>();
    String apiVersion = text(obj, "apiVersion", "$", problems);
    String kind = text(obj, "kind", "$", problems);
    JsonNode meta = object(obj, "metadata", "$", problems);
    if (meta != null) {
      String name = text(meta, "name", "$.metadata", problems);
      if (name != null && !Names.isDns1123Label(name)) {
        problems.add("$.metadata.name '" + name + "' is not an RFC 1123 label");
      }
      labels(meta.get("labels"), "$.metadata.labels", problems);
    }
    if (apiVersion == null || kind == null) {
      return problems;
    }
    JsonNode spec = object(obj, "spec", "$", problems);
    if (spec == null) {
      return problems;
    }
    String key = apiVersion + " " + kind;
    switch (key) {
      case "apps/v1 Deployment":
        integer(spec, "replicas", "$.spec", false, problems);
        JsonNode selector = object(spec, "selector", "$.spec", problems);
        JsonNode template = podTemplate(spec, "template", "$.spec", problems);
        if (selector != null && template != null) {
          JsonNode match = selector.get("matchLabels");
          JsonNode podLabels = template.path("metadata").path("labels");
          if (match == null || !match.isObject() || match.isEmpty()) {
            problems.add("$.spec.selector.matchLabels: required, a non-empty map");
          } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> e = it.next();
              if (!e.getValue().equals(podLabels.get(e.getKey()))) {
                problems.add(
                    "$.spec.selector.matchLabels."
                        + e.getKey()
                        + ": does not match spec.template.metadata.labels (the API server rejects this)");
              }
            }
          }
        }
        break;
      case "v1 Service":
        JsonNode ports = spec.get("ports");
        if (ports == null || !ports.isArray() || ports.isEmpty()) {
          problems.add("$.spec.ports: required, a non-empty list");
        } else {
          for (int i = 0; i < ports.size(); i++) {
            integer(ports.get(i), "port", "$.spec.ports[" + i + "]", true, problems);
          }
        }
        if (spec.has("selector")) {
          labels(spec.get("selector"), "$.spec.selector", problems);
        }
        break;
      case "leaderworkerset.x-k8s.io/v1 LeaderWorkerSet":
        integer(spec, "replicas", "$.spec", false, problems);
        JsonNode lwt = object(spec, "leaderWorkerTemplate", "$.spec", problems);
        if (lwt != null) {
          Integer size = integer(lwt, "size", "$.spec.leaderWorkerTemplate", false, problems);
          if (size != null && size < 1) {
            problems.add("$.spec.leaderWorkerTemplate.size: must be >= 1");
          }
          podTemplate(lwt, "workerTemplate", "$.spec.leaderWorkerTemplate", problems);
          if (lwt.has("leaderTemplate")) {
            podTemplate(lwt, "leaderTemplate", "$.spec.leaderWorkerTemplate", problems);
          }
        }
        break;
      default:
        problems.add("$: unexpected object " + key);
    }
    return problems;
  }

  private static JsonNode podTemplate(
      JsonNode parent, String field, String path, List<String> problems) {
    JsonNode t = object(parent, field, path, problems);
    if (t == null) {
      return null;
    }
    String p = path + "." + field;
    labels(t.path("metadata").get("labels"), p + ".metadata.labels", problems);
    JsonNode spec = object(t, "spec", p, problems);
    if (spec == null) {
      return t;
    }
    JsonNode containers = spec.get("containers");
    if (containers == null || !containers.isArray() || containers.isEmpty()) {
      problems.add(p + ".spec.containers: required, a non-empty list");
      return t;
    }
    if (spec.has("nodeSelector")) {
      labels(spec.get("nodeSelector"), p + ".spec.nodeSelector", problems);
    }
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String cp = p + ".spec.containers[" + i + "]";
      text(c, "name", cp, problems);
      text(c, "image", cp, problems);
      for (String list : List.of("command", "args")) {
        JsonNode l = c.get(list);
        if (l != null && (!l.isArray() || !allText(l))) {
          problems.add(cp + "." + list + ": must be a list of strings");
        }
      }
      JsonNode ports = c.get("ports");
      if (ports != null) {
        for (int k = 0; k < ports.size(); k++) {
          integer(ports.get(k), "containerPort", cp + ".ports[" + k + "]", true, problems);
        }
      }
      JsonNode env = c.get("env");
      if (env != null) {
        for (int k = 0; k < env.size(); k++) {
          text(env.get(k), "name", cp + ".env[" + k + "]", problems);
          if (env.get(k).has("value") && !env.get(k).get("value").isTextual()) {
            problems.add(cp + ".env[" + k + "].value: must be a string");
          }
        }
      }
      JsonNode res = c.get("resources");
      if (res != null) {
        for (String part : List.of("limits", "requests")) {
          JsonNode q = res.get(part);
          if (q != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = q.fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> e = it.next();
              if (!(e.getValue().isTextual() || e.getValue().isIntegralNumber())) {
                problems.add(
                    cp
                        + ".resources."
                        + part
                        + "."
                        + e.getKey()
                        + ": a quantity (string or integer)");
              }
            }
          }
        }
      }
    }
    return t;
  }

  private static boolean allText(JsonNode list) {
    for (JsonNode n : list) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static void labels(JsonNode labels, String path, List<String> problems) {
    if (labels == null) {
      return;
    }
    if (!labels.isObject()) {
      problems.add(path + ": must be a map of strings");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        problems.add(
            path + "." + e.getKey() + ": label values are strings (quote numbers and booleans)");
      } else if (e.getValue().asText().length() > 63
          || !e.getValue().asText().matches("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")) {
        problems.add(
            path
                + "."
                + e.getKey()
                + ": '"
                + e.getValue().asText()
                + "' is not a valid label value");
      }
    }
  }

  private static String text(JsonNode obj, String field, String path, List<String> problems) {
    JsonNode n = obj.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      problems.add(path + "." + field + ": required, a non-empty string");
      return null;
    }
    return n.asText();
  }

  private static JsonNode object(JsonNode obj, String field, String path, List<String> problems) {
    JsonNode n = obj.get(field);
    if (n == null || !n.isObject()) {
      problems.add(path + "." + field + ": required, an object");
      return null;
    }
    return n;
  }

  private static Integer integer(
      JsonNode obj, String field, String path, boolean required, List<String> problems) {
    JsonNode n = obj.get(field);
    if (n == null) {
      if (required) {
        problems.add(path + "." + field + ": required, an integer");
      }
      return null;
    }
    if (!n.isIntegralNumber()) {
      problems.add(
          path + "." + field + ": must be an integer, got " + n.getNodeType().name().toLowerCase());
      return null;
    }
    return n.asInt();
  }
}
