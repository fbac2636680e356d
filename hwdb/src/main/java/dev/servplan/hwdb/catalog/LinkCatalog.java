package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** The catalog of interconnects, loaded from the bundled data; see {@link Catalogs}. */
public final class LinkCatalog implements Catalog<LinkSpec> {
  private final IdIndex<LinkSpec> index;

  LinkCatalog(IdIndex<LinkSpec> index) {
    this.index = index;
  }

  @Override
  public Optional<LinkSpec> find(String idOrAlias) {
    return index.find(idOrAlias);
  }

  @Override
  public List<LinkSpec> all() {
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
}
