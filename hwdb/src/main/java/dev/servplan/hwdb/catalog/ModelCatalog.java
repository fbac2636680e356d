package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** The catalog of model architectures, loaded from the bundled data; see {@link Catalogs}. */
public final class ModelCatalog implements Catalog<ModelArch> {
  private final IdIndex<ModelArch> index;

  ModelCatalog(IdIndex<ModelArch> index) {
    this.index = index;
  }

  @Override
  public Optional<ModelArch> find(String idOrAlias) {
    return index.find(idOrAlias);
  }

  @Override
  public List<ModelArch> all() {
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
