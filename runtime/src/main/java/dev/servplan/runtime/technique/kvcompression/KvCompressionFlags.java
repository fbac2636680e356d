package dev.servplan.runtime.technique.kvcompression;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the engines can run of a plan's kv_compression (docs/emit.md): an fp8 KV cache in all three
 * (vLLM {@code --kv-cache-dtype fp8}, SGLang {@code --kv-cache-dtype fp8_e4m3}, TensorRT-LLM {@code
 * kv_cache_config.dtype: fp8}, which the emitters write from the group's kv_dtype); none runs
 * KIVI's int4/int2 group-quantized cache, and none evicts KV tokens to a per-request budget (H2O).
 * A plan that needs either is refused, since launching without it would not fit the plan's batch.
 */
public final class KvCompressionFlags implements EngineFlags {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  @Override
  public List<String> refusals(EngineGroup group) {
    Optional<KvCompressionSetting> setting = KvCompressionSetting.of(group.group());
    if (setting.isEmpty()) {
      return List.of();
    }
    KvCompressionSetting kc = setting.get();
    String where = group.whereCheckpoint();
    String engine = group.engine().title();
    List<String> out = new ArrayList<>();
    if (kc.dtype().isPresent() && kc.dtype().get() != Dtype.FP8) {
      out.add(
          where
              + "the plan compresses the KV cache to "
              + kc.dtype().get().id()
              + " (kv_compression), which "
              + engine
              + " does not offer (it stores a 16-bit or fp8 KV cache); recompile with --option"
              + " engine="
              + group.engine().id()
              + " (keeps fp8 compression) or --option kv_compression=never");
    }
    if (kc.evictionBudget().isPresent()) {
      out.add(
          where
              + "the plan keeps at most "
              + kc.evictionBudget().get()
              + " KV tokens per request (kv_compression eviction), which "
              + engine
              + " cannot do; recompile with --option engine="
              + group.engine().id()
              + " or --option kv_compression=never");
    }
    return out;
  }
}
