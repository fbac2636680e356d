package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** A catalog backed by an id/alias index; the concrete catalogs add their own look-ups. */
abstract class IndexedCatalog<T> implements Catalog<T> {
  final IdIndex<T> index;

  IndexedCatalog(IdIndex<T> index) {
    this.index = index;
  }

  @Override
  public Optional<T> find(String idOrAlias) {
    return index.find(idOrAlias);
  }

  @Override
  public List<T> all() {
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
