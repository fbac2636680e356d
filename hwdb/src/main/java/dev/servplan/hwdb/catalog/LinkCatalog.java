package dev.servplan.hwdb.catalog;

/** The catalog of interconnects, loaded from the bundled data; see {@link Catalogs}. */
public final class LinkCatalog extends IndexedCatalog<LinkSpec> {
  LinkCatalog(IdIndex<LinkSpec> index) {
    super(index);
  }
}
