package dev.servplan.compiler.source;

import java.util.Objects;

/** The text of one spec source together with its line map. */
public final class SourceFile {
  private final SourceId id;
  private final String text;
  private LineMap lineMap;

  public SourceFile(SourceId id, String text) {
    this.id = Objects.requireNonNull(id, "id");
    this.text = Objects.requireNonNull(text, "text");
  }

  public static SourceFile of(String name, String text) {
    return new SourceFile(new SourceId(name), text);
  }

  public SourceId id() {
    return id;
  }

  public String text() {
    return text;
  }

  /**
   * The syntax the file is written in, from its extension; YAML unless it ends in {@code .splan}.
   */
  public Syntax syntax() {
    return id.name().endsWith(".splan") ? Syntax.DSL : Syntax.YAML;
  }

  public synchronized LineMap lineMap() {
    if (lineMap == null) {
      lineMap = new LineMap(text);
    }
    return lineMap;
  }

  /** The whole file as a span. */
  public Span wholeSpan() {
    return new Span(id, 0, text.length());
  }

  public Span span(int start, int end) {
    return new Span(id, start, end);
  }
}
