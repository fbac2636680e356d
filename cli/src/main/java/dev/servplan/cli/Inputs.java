package dev.servplan.cli;

import dev.servplan.compiler.source.SourceReader;
import java.nio.file.Path;

/** Reads the files named on the command line; {@code -} is standard input. */
final class Inputs {
  private Inputs() {}

  static SourceReader.Result read(String name) {
    if (name.equals("-")) {
      return SourceReader.read(System.in, SourceReader.STDIN);
    }
    return SourceReader.read(Path.of(name));
  }
}
