package dev.servplan.lsp.service;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceId;
import dev.servplan.compiler.source.SourceReader;
import dev.servplan.compiler.source.Syntax;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One version of an open editor buffer. Immutable; the parse and the compilation are computed once,
 * on first use, so every feature asked about the same version shares them.
 */
public final class Document {
  private final String uri;
  private final int version;
  private final SourceFile source;
  private final Path baseDir;
  private ParsedSpec parsed;
  private SpecCompiler.Compilation compilation;

  private Document(String uri, int version, SourceFile source, Path baseDir) {
    this.uri = uri;
    this.version = version;
    this.source = source;
    this.baseDir = baseDir;
  }

  /**
   * A buffer as the editor sent it. The syntax follows the file name ({@code .splan} is the DSL),
   * or the language id {@code splan} for a buffer whose name says nothing (an untitled file).
   */
  public static Document of(String uri, String languageId, int version, String text) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(text, "text");
    Path path = filePath(uri);
    String name = path != null ? path.toString() : uri;
    if ("splan".equals(languageId) && !name.endsWith(".splan")) {
      // SourceFile picks the DSL by extension; an untitled splan buffer has none.
      name = name + ".splan";
    }
    Path base =
        path != null && path.toAbsolutePath().getParent() != null
            ? path.toAbsolutePath().getParent()
            : Path.of(".").toAbsolutePath();
    return new Document(uri, version, new SourceFile(new SourceId(name), text), base);
  }

  /** A new version of the same buffer. */
  public Document withText(int newVersion, String text) {
    return new Document(uri, newVersion, new SourceFile(source.id(), text), baseDir);
  }

  public String uri() {
    return uri;
  }

  public int version() {
    return version;
  }

  public SourceFile source() {
    return source;
  }

  public String text() {
    return source.text();
  }

  public Syntax syntax() {
    return source.syntax();
  }

  /** The syntax tree, possibly partial, with the front end's diagnostics. */
  public synchronized ParsedSpec parsed() {
    if (parsed == null) {
      parsed = compilation != null ? compilation.parsed() : SpecCompiler.parse(source);
    }
    return parsed;
  }

  /**
   * Exactly what {@code servplan check} computes for this text: the same byte-level checks (size
   * cap, NUL bytes) and the same pipeline, with relative paths resolved next to the file.
   */
  public synchronized SpecCompiler.Compilation compilation() {
    if (compilation == null) {
      byte[] bytes = source.text().getBytes(StandardCharsets.UTF_8);
      SourceReader.Result read = SourceReader.decode(source.id(), bytes);
      compilation =
          read.ok()
              ? SpecCompiler.compile(source, baseDir)
              : SpecCompiler.unreadable(source, read.diagnostics());
    }
    return compilation;
  }

  private static Path filePath(String uri) {
    try {
      URI parsedUri = URI.create(uri);
      if ("file".equals(parsedUri.getScheme())) {
        return Path.of(parsedUri);
      }
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      // Not a file URI we can map (untitled:, a malformed name): no folder to resolve paths in.
    }
    return null;
  }
}
