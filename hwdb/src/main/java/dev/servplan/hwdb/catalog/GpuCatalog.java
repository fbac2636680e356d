package dev.servplan.hwdb.catalog;

/** The catalog of GPUs, loaded from the bundled data; see {@link Catalogs}. */
public final class GpuCatalog extends IndexedCatalog<GpuSpec> {
  GpuCatalog(IdIndex<GpuSpec> index) {
    super(index);
  }
}
