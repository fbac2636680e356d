package dev.servplan.cli;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.source.SourceReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the files named on the command line; {@code -} is standard input. */
final class Inputs {
  private Inputs() {}

  static SourceReader.Result read(String name) {
    if (name.equals("-")) {
      return SourceReader.read(System.in, SourceReader.STDIN);
    }
    return SourceReader.read(Path.of(name));
  }

  /**
   * Reads and parses a spec; on any error renders the diagnostics to {@code err} and returns empty.
   */
  static Optional<ParsedSpec> parseOrReport(String name, PrintWriter err) {
    SourceReader.Result read = read(name);
    ParsedSpec parsed = read.ok() ? SpecCompiler.parse(read.source()) : null;
    if (parsed == null || !parsed.ok()) {
      var diagnostics = parsed == null ? read.diagnostics() : parsed.diagnostics();
      err.print(new TextRenderer(new Sources(List.of(read.source()))).render(diagnostics));
      err.flush();
      return Optional.empty();
    }
    return Optional.of(parsed);
  }
}
