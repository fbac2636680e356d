package dev.servplan.hwdb.catalog;

/** The catalog of model architectures, loaded from the bundled data; see {@link Catalogs}. */
public final class ModelCatalog extends IndexedCatalog<ModelArch> {
  ModelCatalog(IdIndex<ModelArch> index) {
    super(index);
  }
}
