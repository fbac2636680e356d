package dev.servplan.runtime.emit;

import java.util.Objects;

/**
 * One generated file: a path relative to the output folder, its text, and whether to mark it
 * executable.
 */
public record EmittedFile(String path, String content, boolean executable) {
  public EmittedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException(
          "emitted paths are relative and stay inside the output folder: " + path);
    }
  }
}
