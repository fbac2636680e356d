package dev.servplan.compiler.ir;

import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The serving engine a plan is compiled for ({@code options.engine}), like a compiler's target
 * machine: a plan for one engine uses only the techniques that engine can run, so that {@code
 * servplan emit} for it never has to refuse a technique. {@link #ANY} lets the solver use every
 * modelled technique; emitting such a plan for an engine that lacks one of them is refused with a
 * hint to recompile for that engine. Which engine runs which technique is {@link
 * #supports(Technique)}, answered by each technique's {@link TechniqueSpec#runsOn} and documented
 * in docs/emit.md with the engine documentation for each entry.
 */
public enum Engine {
  ANY,
  VLLM,
  SGLANG,
  TRTLLM;

  /** The spelling in specs: {@code any}, {@code vllm}, {@code sglang}, {@code trtllm}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The engine's name for messages. */
  public String title() {
    return switch (this) {
      case ANY -> "any engine";
      case VLLM -> "vLLM";
      case SGLANG -> "SGLang";
      case TRTLLM -> "TensorRT-LLM";
    };
  }

  /** The engines a plan for this target may be emitted for without refusal. */
  public Set<Engine> concrete() {
    return this == ANY ? EnumSet.of(VLLM, SGLANG, TRTLLM) : EnumSet.of(this);
  }

  /**
   * Whether plans for this target may use the technique. {@link #ANY} allows every technique; a
   * concrete engine allows those whose {@link TechniqueSpec#runsOn} says it runs them (each answer
   * cites the engine's documentation in docs/emit.md). A technique servplan does not model yet is
   * allowed here and disabled by {@link Technique#modelled()} instead.
   */
  public boolean supports(Technique technique) {
    return this == ANY || TechniqueSpecs.of(technique).runsOn(this);
  }
}
