package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.hwdb.unit.Quantities;
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
    Offload.of(g)
        .filter(o -> o.weightsHostGib() > 0)
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
    if (ExpertOffload.of(g).isEmpty()) {
      return null;
    }
    return where
        + "the plan serves MoE experts from host memory with "
        + ExpertOffload.of(g).get().cachedExperts()
        + " cached per layer on each GPU (expert offload), which "
        + engine
        + " cannot do; recompile with --option engine="
        + engine.toLowerCase(java.util.Locale.ROOT).replace("tensorrt-llm", "trtllm")
        + " or --option expert_offload=never";
  }

  /**
   * Why vLLM or SGLang cannot run the group: it keeps weights on NVMe or KV cache in host memory
   * (offload tiers beyond {@code --cpu-offload-gb}), or serves experts from host memory; null when
   * neither.
   */
  static String refusal(String where, String engine, Group g) {
    String tiers = tierRefusal(where, engine, g);
    return tiers != null ? tiers : expertRefusal(where, engine, g);
  }

  /**
   * Why no engine can run the group's NVMe or host-KV tier, or null when it has neither: vLLM's and
   * SGLang's {@code --cpu-offload-gb} moves weights to host memory only; neither streams weights
   * from disk nor runs attention over host-resident KV (docs/emit.md).
   */
  static String tierRefusal(String where, String engine, Group g) {
    if (Offload.of(g).isEmpty() || !Offload.of(g).get().beyondEngines()) {
      return null;
    }
    Offload o = Offload.of(g).get();
    List<String> what = new java.util.ArrayList<>();
    if (o.weightsNvmeGib() > 0) {
      what.add(Quantities.formatNumber(o.weightsNvmeGib()) + " GiB of weights per GPU on NVMe");
    }
    if (o.kvHostGib() > 0) {
      what.add(Quantities.formatNumber(o.kvHostGib()) + " GiB of KV cache per GPU in host memory");
    }
    return where
        + "the plan keeps "
        + String.join(" and ", what)
        + " (offload memory tiers), which "
        + engine
        + " cannot do; recompile with --option engine="
        + engine.toLowerCase(java.util.Locale.ROOT).replace("tensorrt-llm", "trtllm")
        + (engine.equals("TensorRT-LLM") ? "" : " (host weights only)")
        + " or --option offload=never";
  }

  /** Why TensorRT-LLM cannot run the group, or null when it keeps every weight on the GPUs. */
  static String trtllmRefusal(String where, Group g) {
    if (Offload.of(g).isEmpty()) {
      return null;
    }
    Offload o = Offload.of(g).get();
    if (o.beyondEngines()) {
      return tierRefusal(where, "TensorRT-LLM", g);
    }
    return where
        + "the plan keeps "
        + Quantities.formatNumber(o.weightsHostGib())
        + " GiB of weights per GPU in host memory (offload), which trtllm-serve cannot do; emit for"
        + " vllm or sglang, or recompile with --option engine=trtllm or --option offload=never";
  }
}
