package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.List;

/**
 * What the engines can run of a plan's kv_compression (docs/emit.md): an fp8 KV cache in all three
 * (vLLM {@code --kv-cache-dtype fp8}, SGLang {@code --kv-cache-dtype fp8_e4m3}, TensorRT-LLM {@code
 * kv_cache_config.dtype: fp8}, written by the emitters from the group's kv_dtype); none runs KIVI's
 * int4/int2 group-quantized cache, and none evicts KV tokens to a per-request budget (H2O). A plan
 * that needs either is refused, since launching without it would not fit the plan's batch.
 */
final class KvCompressionEmit {
  private KvCompressionEmit() {}

  /** False (with a reason in {@code errors}) when {@code engine} cannot run the compression. */
  static boolean check(Group g, String engine, String where, List<String> errors) {
    if (KvCompressionSetting.of(g).isEmpty()) {
      return true;
    }
    KvCompressionSetting kc = KvCompressionSetting.of(g).get();
    boolean ok = true;
    if (kc.dtype().isPresent() && kc.dtype().get() != Dtype.FP8) {
      errors.add(
          where
              + "the plan compresses the KV cache to "
              + kc.dtype().get().id()
              + " (kv_compression), which "
              + engine
              + " does not offer (it stores a 16-bit or fp8 KV cache); recompile with --option"
              + " engine="
              + engineId(engine)
              + " (keeps fp8 compression) or --option kv_compression=never");
      ok = false;
    }
    if (kc.evictionBudget().isPresent()) {
      errors.add(
          where
              + "the plan keeps at most "
              + kc.evictionBudget().get()
              + " KV tokens per request (kv_compression eviction), which "
              + engine
              + " cannot do; recompile with --option engine="
              + engineId(engine)
              + " or --option kv_compression=never");
      ok = false;
    }
    return ok;
  }

  private static String engineId(String engine) {
    return switch (engine) {
      case "vLLM" -> "vllm";
      case "SGLang" -> "sglang";
      default -> "trtllm";
    };
  }
}
