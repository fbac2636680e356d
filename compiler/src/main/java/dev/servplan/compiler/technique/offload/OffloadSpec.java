package dev.servplan.compiler.technique.offload;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSpec;
import java.util.Set;

/** The spec side of memory-tier offload: a plain toggle. */
public final class OffloadSpec implements TechniqueSpec {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  /**
   * vLLM and SGLang --cpu-offload-gb; trtllm-serve has no weight offload to host memory. Only the
   * host-weights tier: {@link OffloadTiers#engineRunsBeyondHostWeights} withholds NVMe weights and
   * host KV from every concrete engine (docs/emit.md).
   */
  @Override
  public boolean runsOn(Engine engine) {
    return engine != Engine.TRTLLM;
  }

  @Override
  public Set<CostTerm> forcedTerms() {
    return Set.of(CostTerm.HOST_TRANSFER);
  }
}
