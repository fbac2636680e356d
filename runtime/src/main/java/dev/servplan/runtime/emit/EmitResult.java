package dev.servplan.runtime.emit;

import java.util.List;

/**
 * What an emitter produced: the files, and problems that make the plan unexecutable on the target
 * (errors: nothing should be written) or worth a look (warnings).
 */
public record EmitResult(List<EmittedFile> files, List<String> errors, List<String> warnings) {
  public EmitResult {
    files = List.copyOf(files);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return errors.isEmpty();
  }
}
