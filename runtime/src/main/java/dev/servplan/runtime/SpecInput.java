package dev.servplan.runtime;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import dev.servplan.compiler.validate.ValidIr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A spec read and compiled for the runtime commands, with the folder its relative paths (traces)
 * resolve against. {@link #valid()} is empty when reading or compiling failed.
 */
public record SpecInput(
    SourceFile source, Optional<ValidIr> valid, List<Diagnostic> diagnostics, Path baseDir) {
  public SpecInput {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(valid, "valid");
    diagnostics = List.copyOf(diagnostics);
    Objects.requireNonNull(baseDir, "baseDir");
  }

  public static SpecInput read(Path path) {
    Path absolute = path.toAbsolutePath();
    Path baseDir = absolute.getParent() == null ? absolute : absolute.getParent();
    SourceReader.Result read = SourceReader.read(path);
    if (!read.ok()) {
      return new SpecInput(read.source(), Optional.empty(), read.diagnostics(), baseDir);
    }
    SpecCompiler.Compilation compilation = SpecCompiler.compile(read.source(), baseDir);
    List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
    diagnostics.addAll(compilation.diagnostics());
    return new SpecInput(
        read.source(),
        compilation.ok() ? compilation.valid() : Optional.empty(),
        diagnostics,
        baseDir);
  }

  public boolean ok() {
    return valid.isPresent();
  }
}
