package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** The catalog of GPUs, loaded from the bundled data; see {@link Catalogs}. */
public final class GpuCatalog implements Catalog<GpuSpec> {
  private final IdIndex<GpuSpec> index;

  GpuCatalog(IdIndex<GpuSpec> index) {
    this.index = index;
  }

  @Override
  public Optional<GpuSpec> find(String idOrAlias) {
    return index.find(idOrAlias);
  }

  @Override
  public List<GpuSpec> all() {
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
