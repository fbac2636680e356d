package dev.servplan.compiler.diag.render;

import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The source files a set of diagnostics points into, for rendering positions and source lines. */
public final class Sources {
  private final Map<SourceId, SourceFile> files = new LinkedHashMap<>();

  public Sources(Collection<SourceFile> sourceFiles) {
    for (SourceFile f : sourceFiles) {
      files.put(f.id(), f);
    }
  }

  public Optional<SourceFile> get(SourceId id) {
    return Optional.ofNullable(files.get(id));
  }
}
