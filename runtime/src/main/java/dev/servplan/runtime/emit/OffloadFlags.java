package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import java.util.List;

/**
 * The engines' weight-offload flag for a group with an {@code offload} block: vLLM and SGLang both
 * take {@code --cpu-offload-gb}, the GiB of weights per GPU kept in host memory (docs/emit.md).
 * TensorRT-LLM has no equivalent, so {@link TrtllmEmitter} refuses such groups.
 */
final class OffloadFlags {
  private OffloadFlags() {}

  /**
   * Appends {@code --cpu-offload-gb N} when the group offloads. N is rounded up to whole GiB:
   * SGLang parses the flag as an integer, and rounding up only frees more GPU memory than planned
   * (plans from servplan are whole GiB already).
   */
  static void add(Group g, List<String> args) {
    g.offload()
        .ifPresent(
            o -> {
              args.add("--cpu-offload-gb");
              args.add(Long.toString((long) Math.ceil(o.weightsHostGib() - 1e-9)));
            });
  }

  /**
   * Why no engine can run the group, or null when it keeps every expert on the GPUs: none of vLLM,
   * SGLang or TensorRT-LLM serves some experts of a layer from host memory behind a GPU cache (they
   * store a layer's experts as one fused tensor; docs/emit.md).
   */
  static String expertRefusal(String where, String engine, Group g) {
    if (g.expertOffload().isEmpty()) {
      return null;
    }
    return where
        + "the plan serves MoE experts from host memory with "
        + g.expertOffload().get().cachedExperts()
        + " cached per layer on each GPU (expert offload), which "
        + engine
        + " cannot do; recompile with --option engine="
        + engine.toLowerCase(java.util.Locale.ROOT).replace("tensorrt-llm", "trtllm")
        + " or --option expert_offload=never";
  }

  /** Why TensorRT-LLM cannot run the group, or null when it keeps every weight on the GPUs. */
  static String trtllmRefusal(String where, Group g) {
    if (g.offload().isEmpty()) {
      return null;
    }
    return where
        + "the plan keeps "
        + dev.servplan.hwdb.unit.Quantities.formatNumber(g.offload().get().weightsHostGib())
        + " GiB of weights per GPU in host memory (offload), which trtllm-serve cannot do; emit for"
        + " vllm or sglang, or recompile with --option engine=trtllm or --option offload=never";
  }
}
