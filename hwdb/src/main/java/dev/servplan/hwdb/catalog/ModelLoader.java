package dev.servplan.hwdb.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Parses the model catalog: each entry names a model and carries the relevant keys of its published
 * HuggingFace {@code config.json} verbatim, which {@link HfConfigImporter} turns into a {@link
 * ModelArch} (so the catalog and user-imported configs go through the same code).
 */
public final class ModelLoader {
  private static final Set<String> MODEL_KEYS =
      Set.of("id", "display_name", "aliases", "published_params", "source", "config", "notes");

  private ModelLoader() {}

  /** Reads {@code models: [...]} from YAML text; {@code name} labels problems. */
  public static LoadResult<ModelArch> models(String yaml, String name) {
    return CatalogLoader.entries(yaml, name, "models", ModelLoader::model);
  }

  private static ModelArch model(EntryReader r, JsonNode item) {
    r.onlyKeys(MODEL_KEYS);
    String id = r.text("id");
    String displayName = r.text("display_name");
    double published = r.figure("published_params", Units.Dimension.PARAMS);
    String source = r.text("source");
    HfImportResult imported = HfConfigImporter.importTree(r.child("config"), displayName);
    if (!imported.isOk()) {
      r.problem(imported.error().orElse("config could not be imported"));
      return null;
    }
    String cited =
        source
            + "; published parameter count: "
            + r.sources().getOrDefault("published_params", "?");
    return imported
        .arch()
        .get()
        .withIdentity(id, displayName, r.strings("aliases"), published, cited);
  }
}
