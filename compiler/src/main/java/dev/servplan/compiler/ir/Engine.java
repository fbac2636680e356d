package dev.servplan.compiler.ir;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The serving engine a plan is compiled for ({@code options.engine}), like a compiler's target
 * machine: a plan for one engine uses only the techniques that engine can run, so that {@code
 * servplan emit} for it never has to refuse a technique. {@link #ANY} lets the solver use every
 * modelled technique; emitting such a plan for an engine that lacks one of them is refused with a
 * hint to recompile for that engine. The table of which engine runs which technique is {@link
 * #supports(Technique)}, documented in docs/emit.md with the engine documentation for each entry.
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
   * concrete engine allows those it implements (each row cites the engine's documentation in
   * docs/emit.md). A technique servplan does not model yet is allowed here and disabled by {@link
   * Technique#modelled()} instead.
   */
  public boolean supports(Technique technique) {
    if (this == ANY) {
      return true;
    }
    return switch (technique) {
      // vLLM --enable-prefix-caching, SGLang RadixAttention, TensorRT-LLM enable_block_reuse.
      case PREFIX_CACHING -> true;
      // vLLM draft_model, SGLang STANDALONE, TensorRT-LLM DraftTarget decoding.
      case SPECULATIVE_DECODING -> true;
      // vLLM and SGLang --cpu-offload-gb; trtllm-serve has no weight offload to host memory. Only
      // the host-weights tier: OffloadTiers.engineRunsBeyondHostWeights withholds NVMe weights and
      // host KV from every concrete engine (docs/emit.md).
      case OFFLOAD -> this != TRTLLM;
      // No engine serves part of a layer's experts from host memory behind a GPU cache: vLLM,
      // SGLang and TensorRT-LLM keep a layer's experts in one fused tensor (docs/emit.md).
      case EXPERT_OFFLOAD -> false;
      // Only the fp8 step: vLLM --kv-cache-dtype fp8 (docs.vllm.ai "Quantized KV Cache"), SGLang
      // --kv-cache-dtype fp8_e4m3, TensorRT-LLM KvCacheConfig(dtype='fp8'); none runs KIVI
      // int4/int2 or an eviction budget, which KvTolerance.engineRuns/engineEvicts withhold per
      // feature.
      case KV_COMPRESSION -> true;
      // Multi-LoRA: vLLM --enable-lora/--max-loras, SGLang --enable-lora/--max-loras-per-batch,
      // TensorRT-LLM LoraConfig (lora_config) on the PyTorch backend.
      case LORA -> true;
      // SGLang PD multiplexing (--enable-pdmux, green-context SM groups); vLLM and TensorRT-LLM
      // have no way to run prefill and decode on separate SM partitions of one instance.
      case SM_PARTITIONING -> this == SGLANG;
    };
  }
}
