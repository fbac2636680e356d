package dev.servplan.compiler.technique.prefixcaching;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSpec;

/**
 * The spec side of prefix caching: a plain toggle; the shared prefix it pays off on is part of the
 * workload ({@code workload.prefix}).
 */
public final class PrefixCachingSpec implements TechniqueSpec {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  /** vLLM --enable-prefix-caching, SGLang RadixAttention, TensorRT-LLM enable_block_reuse. */
  @Override
  public boolean runsOn(Engine engine) {
    return true;
  }
}
