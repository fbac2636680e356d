package dev.servplan.compiler.technique.offload;

import dev.servplan.compiler.ir.Engine;

/**
 * Which memory tiers of the offload technique each engine runs (docs/techniques.md, "Memory tiers
 * (offload)"). vLLM and SGLang take {@code --cpu-offload-gb}, weights in host DRAM only; no target
 * engine streams weights from NVMe in the forward pass or reads the KV cache from host memory for
 * attention (vLLM's KV offloading connector, SGLang's hierarchical cache and TensorRT-LLM's host KV
 * cache copy blocks back to the GPU for prefix reuse, a different mechanism). A per-feature limit
 * below {@link OffloadSpec#runsOn}, like {@code KvTolerance.engineRuns} for KV formats.
 */
public final class OffloadTiers {
  private OffloadTiers() {}

  /** Whether the engine runs a plan that keeps weights on NVMe or KV cache in host memory. */
  public static boolean engineRunsBeyondHostWeights(Engine engine) {
    return engine == Engine.ANY;
  }
}
