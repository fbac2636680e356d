package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import java.util.Objects;

/** A leaf value of the IR with the span of the spec text it came from. */
public record Val<T>(T value, Span span) {
  public Val {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }
}
