package dev.servplan.hwdb.catalog;

/** The catalog of host tiers, loaded from the bundled data; see {@link Catalogs}. */
public final class NodeCatalog extends IndexedCatalog<NodeSpec> {
  /** The host tier used for a GPU that no other tier lists. */
  public static final String DEFAULT_ID = "default";

  NodeCatalog(IdIndex<NodeSpec> index) {
    super(index);
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
