package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of importing a HuggingFace {@code config.json}: an architecture or an error message.
 */
public final class HfImportResult {
  private final ModelArch arch;
  private final String error;
  private final List<String> notes;

  private HfImportResult(ModelArch arch, String error, List<String> notes) {
    this.arch = arch;
    this.error = error;
    this.notes = List.copyOf(notes);
  }

  /** A successful import; {@code notes} say what was assumed (defaults, ignored fields). */
  public static HfImportResult success(ModelArch arch, List<String> notes) {
    return new HfImportResult(Objects.requireNonNull(arch, "arch"), null, notes);
  }

  public static HfImportResult failure(String error) {
    return new HfImportResult(null, Objects.requireNonNull(error, "error"), List.of());
  }

  public boolean isOk() {
    return arch != null;
  }

  public Optional<ModelArch> arch() {
    return Optional.ofNullable(arch);
  }

  /**
   * Why the config could not be imported, in one lower-case sentence naming the offending value.
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public List<String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return isOk()
        ? "HfImportResult[" + arch.id() + ", notes=" + notes + "]"
        : "HfImportResult[error=" + error + "]";
  }
}
