package dev.servplan.runtime.emit;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face repo an engine loads for a catalog model. The catalog cites each model's {@code
 * config.json} as {@code huggingface.co/ORG/REPO/blob/...}; that repo is the checkpoint whose
 * architecture the cost model used, so it is the one to serve. A model id that already looks like
 * {@code ORG/REPO} (an imported config) is used as written.
 */
public final class ModelRepos {
  private static final Pattern HF_SOURCE =
      Pattern.compile("huggingface\\.co/([A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*)/");

  private ModelRepos() {}

  /** The repo for {@code model}, or empty when neither the catalog nor the id names one. */
  public static Optional<String> forModel(String model) {
    Optional<ModelArch> arch = Catalogs.models().find(model);
    if (arch.isPresent()) {
      Matcher m = HF_SOURCE.matcher(arch.get().source());
      if (m.find()) {
        return Optional.of(m.group(1));
      }
      return Optional.empty();
    }
    if (model.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
      return Optional.of(model);
    }
    return Optional.empty();
  }
}
