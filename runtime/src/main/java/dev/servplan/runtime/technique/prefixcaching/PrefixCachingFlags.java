package dev.servplan.runtime.technique.prefixcaching;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.EngineLaunch;

/**
 * Prefix caching as the plan decided, written for every group (docs/emit.md): vLLM's automatic
 * prefix caching either way, because the engine's default has changed between versions
 * (docs.vllm.ai engine args: {@code --enable-prefix-caching}, {@code --no-enable-prefix-caching});
 * SGLang's RadixAttention, on unless disabled (server arguments, {@code --disable-radix-cache});
 * TensorRT-LLM's KV block reuse ({@code kv_cache_config.enable_block_reuse}, KvCacheConfig).
 */
public final class PrefixCachingFlags implements EngineFlags {
  @Override
  public Technique technique() {
    return Technique.PREFIX_CACHING;
  }

  @Override
  public void contribute(EngineGroup group, EngineLaunch launch) {
    boolean on = PrefixCaching.on(group.group());
    switch (group.engine()) {
      case VLLM -> launch.flag(on ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
      case SGLANG -> {
        if (!on) {
          launch.flag("--disable-radix-cache");
        }
      }
      case TRTLLM -> launch.kvCacheOptions().put("enable_block_reuse", on);
      default -> throw new IllegalArgumentException("no launch flags for " + group.engine().id());
    }
  }
}
