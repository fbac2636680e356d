package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** The catalog of host tiers, loaded from the bundled data; see {@link Catalogs}. */
public final class NodeCatalog implements Catalog<NodeSpec> {
  /** The host tier used for a GPU that no other tier lists. */
  public static final String DEFAULT_ID = "default";

  private final IdIndex<NodeSpec> index;

  NodeCatalog(IdIndex<NodeSpec> index) {
    this.index = index;
  }

  @Override
  public Optional<NodeSpec> find(String idOrAlias) {
    return index.find(idOrAlias);
  }

  @Override
  public List<NodeSpec> all() {
    return index.all();
  }

  @Override
  public List<String> ids() {
    return index.ids();
  }

  @Override
  public List<String> namesForSuggestions() {
    return index.namesForSuggestions();
  }

  /** The host tier that lists {@code gpuId} (first by id), else the {@code default} tier. */
  public NodeSpec forGpu(String gpuId) {
    for (NodeSpec node : index.all()) {
      for (String gpu : node.gpus()) {
        if (gpu.equalsIgnoreCase(gpuId)) {
          return node;
        }
      }
    }
    return index.find(DEFAULT_ID).orElseThrow();
  }
}
