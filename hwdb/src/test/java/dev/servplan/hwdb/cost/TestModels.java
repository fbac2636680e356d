package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.Optional;

/** Catalog look-ups for cost tests. */
public final class TestModels {
  private TestModels() {}

  public static Optional<ModelArch> find(String idOrAlias) {
    return Catalogs.models().find(idOrAlias);
  }

  public static ModelArch model(String idOrAlias) {
    return find(idOrAlias).orElseThrow(() -> new IllegalArgumentException("no model " + idOrAlias));
  }

  public static GpuSpec gpu(String idOrAlias) {
    return Catalogs.gpus().find(idOrAlias).orElseThrow();
  }

  /** Native dtypes, no EP, the GPU's own intra-node link everywhere. */
  public static InstanceConfig config(String model, String gpu, int tp, int pp) {
    GpuSpec g = gpu(gpu);
    LinkSpec link = Catalogs.links().find(g.intraNodeLink()).orElseThrow();
    return InstanceConfig.of(model(model), g, tp, pp, link);
  }
}
