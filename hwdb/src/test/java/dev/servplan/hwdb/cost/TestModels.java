package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.LoadResult;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Models and GPUs for cost tests: the bundled catalog first, then the calibration-only models in
 * {@code calibration/models.yaml} (for as long as the catalog lacks them).
 */
public final class TestModels {
  private static final List<ModelArch> EXTRA = load();

  private TestModels() {}

  private static List<ModelArch> load() {
    String resource = "/dev/servplan/hwdb/cost/calibration/models.yaml";
    try (InputStream in = TestModels.class.getResourceAsStream(resource)) {
      LoadResult<ModelArch> loaded =
          ModelLoader.models(new String(in.readAllBytes(), StandardCharsets.UTF_8), "calibration/models.yaml");
      if (!loaded.problems().isEmpty()) {
        throw new IllegalStateException(String.join("\n", loaded.problems()));
      }
      return loaded.entries();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Optional<ModelArch> find(String idOrAlias) {
    Optional<ModelArch> found = Catalogs.models().find(idOrAlias);
    if (found.isPresent()) {
      return found;
    }
    return EXTRA.stream()
        .filter(m -> m.id().equalsIgnoreCase(idOrAlias)
            || m.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(idOrAlias)))
        .findFirst();
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
