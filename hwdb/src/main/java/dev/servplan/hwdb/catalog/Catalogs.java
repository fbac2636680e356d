package dev.servplan.hwdb.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled catalogs, loaded once on first use from {@code dev/servplan/hwdb/*.yaml} on the class
 * path and immutable afterwards (thread-safe by the class-holder idiom). The data files are checked
 * by unit tests ({@link #problems()} must be empty), so a malformed file fails the build, not a
 * user.
 */
public final class Catalogs {
  static final String BASE = "/dev/servplan/hwdb/";

  private Catalogs() {}

  public static GpuCatalog gpus() {
    return Holder.checked().gpus;
  }

  public static ModelCatalog models() {
    return Holder.checked().models;
  }

  public static LinkCatalog links() {
    return Holder.checked().links;
  }

  /** Host tiers (server DRAM, NVMe, CPU-GPU and network links) by node type. */
  public static NodeCatalog nodes() {
    return Holder.checked().nodes;
  }

  /** Every problem found in the bundled data files and their cross references; empty when sound. */
  public static List<String> problems() {
    return Holder.LOADED.problems;
  }

  private static final class Holder {
    static final Loaded LOADED = load();

    static Loaded checked() {
      if (!LOADED.problems.isEmpty()) {
        throw new IllegalStateException(
            "bundled hardware catalog is malformed:\n  " + String.join("\n  ", LOADED.problems));
      }
      return LOADED;
    }
  }

  private static final class Loaded {
    final GpuCatalog gpus;
    final ModelCatalog models;
    final LinkCatalog links;
    final NodeCatalog nodes;
    final List<String> problems;

    Loaded(
        GpuCatalog gpus,
        ModelCatalog models,
        LinkCatalog links,
        NodeCatalog nodes,
        List<String> problems) {
      this.gpus = gpus;
      this.models = models;
      this.links = links;
      this.nodes = nodes;
      this.problems = List.copyOf(problems);
    }
  }

  private static Loaded load() {
    List<String> problems = new ArrayList<>();
    LoadResult<GpuSpec> gpus = CatalogLoader.gpus(read("gpus.yaml"), "gpus.yaml");
    LoadResult<LinkSpec> links = CatalogLoader.links(read("links.yaml"), "links.yaml");
    LoadResult<NodeSpec> nodes = CatalogLoader.nodes(read("nodes.yaml"), "nodes.yaml");
    LoadResult<ModelArch> models = ModelLoader.models(read("models.yaml"), "models.yaml");
    problems.addAll(gpus.problems());
    problems.addAll(links.problems());
    problems.addAll(nodes.problems());
    problems.addAll(models.problems());
    GpuCatalog gpuCatalog =
        new GpuCatalog(
            new IdIndex<>(gpus.entries(), GpuSpec::id, GpuSpec::aliases, "gpu", problems));
    LinkCatalog linkCatalog =
        new LinkCatalog(
            new IdIndex<>(links.entries(), LinkSpec::id, LinkSpec::aliases, "link", problems));
    NodeCatalog nodeCatalog =
        new NodeCatalog(
            new IdIndex<>(nodes.entries(), NodeSpec::id, NodeSpec::aliases, "node", problems));
    ModelCatalog modelCatalog =
        new ModelCatalog(
            new IdIndex<>(models.entries(), ModelArch::id, ModelArch::aliases, "model", problems));
    crossCheck(gpuCatalog, linkCatalog, nodeCatalog, problems);
    return new Loaded(gpuCatalog, modelCatalog, linkCatalog, nodeCatalog, problems);
  }

  /** References between files: a GPU's link, a node's GPUs and links must exist. */
  static void crossCheck(
      GpuCatalog gpus, LinkCatalog links, NodeCatalog nodes, List<String> problems) {
    for (GpuSpec gpu : gpus.all()) {
      if (links.find(gpu.intraNodeLink()).filter(LinkSpec::intraNode).isEmpty()) {
        problems.add(
            "gpus.yaml '"
                + gpu.id()
                + "': intra_node_link '"
                + gpu.intraNodeLink()
                + "' is not an intra-node link in links.yaml");
      }
    }
    if (nodes.find(NodeCatalog.DEFAULT_ID).isEmpty()) {
      problems.add("nodes.yaml: no '" + NodeCatalog.DEFAULT_ID + "' host tier");
    }
    for (NodeSpec node : nodes.all()) {
      for (String gpu : node.gpus()) {
        if (gpus.find(gpu).isEmpty()) {
          problems.add("nodes.yaml '" + node.id() + "': unknown gpu '" + gpu + "'");
        }
      }
      if (links.find(node.hostLink()).isEmpty()) {
        problems.add("nodes.yaml '" + node.id() + "': unknown host_link '" + node.hostLink() + "'");
      }
      if (links.find(node.networkLink()).filter(l -> !l.intraNode()).isEmpty()) {
        problems.add(
            "nodes.yaml '"
                + node.id()
                + "': network_link '"
                + node.networkLink()
                + "' is not an inter-node link");
      }
    }
  }

  static String read(String file) {
    try (InputStream in = Catalogs.class.getResourceAsStream(BASE + file)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled catalog file " + BASE + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
