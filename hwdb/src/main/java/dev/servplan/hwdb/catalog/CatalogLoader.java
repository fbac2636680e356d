package dev.servplan.hwdb.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Parses the YAML data files of the GPU, link and host-tier catalogs. Problems are collected, never
 * thrown, so a test can list every mistake in a data file at once.
 */
public final class CatalogLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static final Set<String> GPU_KEYS =
      Set.of(
          "id",
          "display_name",
          "vendor",
          "aliases",
          "memory",
          "memory_bandwidth",
          "tflops",
          "sm_count",
          "l2_cache",
          "intra_node_link",
          "gpus_per_node",
          "tdp",
          "price",
          "notes");
  private static final Set<String> LINK_KEYS =
      Set.of("id", "aliases", "kind", "intra_node", "bandwidth", "latency", "notes");
  private static final Set<String> NODE_KEYS =
      Set.of(
          "id",
          "display_name",
          "aliases",
          "gpus",
          "gpus_per_node",
          "host_memory",
          "host_memory_bandwidth",
          "nvme",
          "nvme_bandwidth",
          "host_link",
          "network_link",
          "notes");

  private CatalogLoader() {}

  /** Reads {@code gpus: [...]} from YAML text; {@code name} labels problems. */
  public static LoadResult<GpuSpec> gpus(String yaml, String name) {
    return entries(yaml, name, "gpus", CatalogLoader::gpu);
  }

  /** Reads {@code links: [...]} from YAML text. */
  public static LoadResult<LinkSpec> links(String yaml, String name) {
    return entries(yaml, name, "links", CatalogLoader::link);
  }

  /** Reads {@code nodes: [...]} from YAML text. */
  public static LoadResult<NodeSpec> nodes(String yaml, String name) {
    return entries(yaml, name, "nodes", CatalogLoader::node);
  }

  /** Parses YAML to a tree, or reports why it is not YAML. */
  static JsonNode parse(String yaml, String name, List<String> problems) {
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || !root.isObject()) {
        problems.add(name + ": expected a YAML mapping at the top level");
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(name + ": not valid YAML: " + e.getOriginalMessage());
      return null;
    }
  }

  static <T> LoadResult<T> entries(
      String yaml, String name, String listKey, BiFunction<EntryReader, JsonNode, T> build) {
    List<String> problems = new ArrayList<>();
    List<T> out = new ArrayList<>();
    JsonNode root = parse(yaml, name, problems);
    if (root == null) {
      return new LoadResult<>(out, problems);
    }
    JsonNode list = root.get(listKey);
    if (list == null || !list.isArray()) {
      problems.add(name + ": expected a list under '" + listKey + "'");
      return new LoadResult<>(out, problems);
    }
    int index = 0;
    for (JsonNode item : list) {
      String label = item.hasNonNull("id") ? "'" + item.get("id").asText() + "'" : "#" + index;
      int before = problems.size();
      if (!item.isObject()) {
        problems.add(name + " " + listKey + "[" + index + "]: expected a mapping");
      } else {
        T entry =
            build.apply(new EntryReader(item, name + " " + listKey + " " + label, problems), item);
        if (problems.size() == before) {
          out.add(entry);
        }
      }
      index++;
    }
    return new LoadResult<>(out, problems);
  }

  private static GpuSpec gpu(EntryReader r, JsonNode item) {
    r.onlyKeys(GPU_KEYS);
    String id = r.text("id");
    double memory = r.figure("memory", Units.Dimension.BYTES);
    double bandwidth = r.figure("memory_bandwidth", Units.Dimension.BANDWIDTH);
    Map<Dtype, Double> tflops = new EnumMap<>(Dtype.class);
    JsonNode perDtype = r.child("tflops");
    if (perDtype == null || !perDtype.isObject() || perDtype.size() == 0) {
      r.problem("'tflops' must map dtypes (fp32, bf16, fp16, fp8, int8, fp4) to figures");
    } else {
      for (var it = perDtype.fields(); it.hasNext(); ) {
        var e = it.next();
        var dtype = Dtype.parse(e.getKey());
        if (dtype.isEmpty()) {
          r.problem("'tflops." + e.getKey() + "' is not a dtype");
          continue;
        }
        double value =
            r.figure(e.getValue(), "tflops." + dtype.get().id(), Units.Dimension.THROUGHPUT);
        tflops.put(dtype.get(), value);
      }
    }
    double sms = r.figure("sm_count", Units.Dimension.COUNT);
    double l2 = r.figure("l2_cache", Units.Dimension.BYTES);
    String link = r.reference("intra_node_link");
    double perNode = r.figure("gpus_per_node", Units.Dimension.COUNT);
    double tdp = r.figure("tdp", Units.Dimension.POWER);
    double price = r.figure("price", Units.Dimension.PRICE);
    JsonNode priceNode = r.child("price");
    String priceDate =
        priceNode != null && priceNode.hasNonNull("date") ? priceNode.get("date").asText() : "";
    if (!priceDate.matches("\\d{4}-\\d{2}(-\\d{2})?")) {
      r.problem("'price.date' must be an ISO date like 2025-06, found '" + priceDate + "'");
    }
    checkWhole(r, "sm_count", sms);
    checkWhole(r, "gpus_per_node", perNode);
    return new GpuSpec(
        id,
        r.text("display_name"),
        r.text("vendor"),
        r.strings("aliases"),
        new Bytes(memory),
        bandwidth,
        tflops,
        (int) sms,
        new Bytes(l2),
        link,
        (int) perNode,
        tdp,
        new HourlyPrice(price),
        priceDate,
        r.sources());
  }

  private static LinkSpec link(EntryReader r, JsonNode item) {
    r.onlyKeys(LINK_KEYS);
    String id = r.text("id");
    String kindText = r.text("kind");
    LinkKind kind = LinkKind.NVLINK;
    try {
      kind = LinkKind.valueOf(kindText.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      r.problem("'kind' is '" + kindText + "', expected one of " + List.of(LinkKind.values()));
    }
    boolean intraNode = r.bool("intra_node");
    double bandwidth = r.figure("bandwidth", Units.Dimension.BANDWIDTH);
    double latency = r.figure("latency", Units.Dimension.TIME);
    Map<String, String> sources = r.sources();
    String source =
        "bandwidth: "
            + sources.getOrDefault("bandwidth", "?")
            + "; latency: "
            + sources.getOrDefault("latency", "?");
    return new LinkSpec(id, r.strings("aliases"), kind, intraNode, bandwidth, latency, source);
  }

  private static NodeSpec node(EntryReader r, JsonNode item) {
    r.onlyKeys(NODE_KEYS);
    String id = r.text("id");
    double perNode = r.figure("gpus_per_node", Units.Dimension.COUNT);
    checkWhole(r, "gpus_per_node", perNode);
    double dram = r.figure("host_memory", Units.Dimension.BYTES);
    double dramBw = r.figure("host_memory_bandwidth", Units.Dimension.BANDWIDTH);
    double nvme = r.figure("nvme", Units.Dimension.BYTES);
    double nvmeBw = r.figure("nvme_bandwidth", Units.Dimension.BANDWIDTH);
    String hostLink = r.reference("host_link");
    String networkLink = r.reference("network_link");
    return new NodeSpec(
        id,
        r.text("display_name"),
        r.strings("aliases"),
        r.strings("gpus"),
        (int) perNode,
        new Bytes(dram),
        dramBw,
        new Bytes(nvme),
        nvmeBw,
        hostLink,
        networkLink,
        r.sources());
  }

  private static void checkWhole(EntryReader r, String key, double value) {
    if (value != Math.rint(value)) {
      r.problem("'" + key + "' must be a whole number, found " + value);
    }
  }
}
