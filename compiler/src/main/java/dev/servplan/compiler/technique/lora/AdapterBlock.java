package dev.servplan.compiler.technique.lora;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueBlock;
import java.util.List;
import java.util.Objects;

/**
 * A deployment's {@code adapters} block: the adapter families it serves (read by {@link
 * Adapter#of}).
 */
record AdapterBlock(List<Adapter> adapters, Span span) implements TechniqueBlock {
  AdapterBlock {
    adapters = List.copyOf(adapters);
    Objects.requireNonNull(span, "span");
  }

  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  @Override
  public List<String> irLines() {
    return adapters.stream().map(Adapter::irLine).toList();
  }
}
