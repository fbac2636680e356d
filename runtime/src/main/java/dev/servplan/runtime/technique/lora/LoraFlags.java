package dev.servplan.runtime.technique.lora;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.EngineLaunch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine arguments of a group's multi-LoRA setting (the plan's {@code lora}); sources in
 * docs/emit.md. Every adapter is resident, so the GPU slot count and the CPU cache both equal the
 * adapter count. Adapters load from their family's {@code source}: the source itself for a family
 * of one, {@code SOURCE-i} for adapter i of a larger family; a family without a source is left for
 * the operator to load at run time (vLLM and SGLang load adapters through their HTTP APIs). A
 * merged adapter is in the checkpoint's weights, so it needs no flags but a checkpoint named with
 * {@code --model}.
 */
public final class LoraFlags implements EngineFlags {
  /** The adapted modules servplan costs (LoraServing): HF names used by vLLM and SGLang. */
  static final List<String> HF_MODULES =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  /** The same modules in TensorRT-LLM's names. */
  static final List<String> TRTLLM_MODULES =
      List.of("attn_q", "attn_k", "attn_v", "attn_dense", "mlp_gate", "mlp_h_to_4h", "mlp_4h_to_h");

  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  /**
   * Dedicated LoRA serving runs a checkpoint with the adapter folded into the weights, which only
   * the operator can produce (e.g. PEFT merge_and_unload) and name.
   */
  @Override
  public List<String> refusals(EngineGroup group) {
    Optional<LoraPlan> merged = LoraPlan.of(group.group()).filter(LoraPlan::merged);
    if (merged.isEmpty() || group.namedCheckpoint()) {
      return List.of();
    }
    String deployment = group.deployment().name();
    return List.of(
        group.whereCheckpoint()
            + "the plan serves LoRA adapter '"
            + merged.get().adapters().get(0).name()
            + "' merged into the weights; merge it into the base model and pass --model "
            + deployment
            + "=ORG/REPO naming the merged checkpoint, or re-solve with --option lora=always");
  }

  @Override
  public void contribute(EngineGroup group, EngineLaunch launch) {
    Optional<LoraPlan> setting = LoraPlan.of(group.group()).filter(l -> !l.merged());
    if (setting.isEmpty()) {
      return;
    }
    LoraPlan lora = setting.get();
    List<String> modules = modules(lora);
    switch (group.engine()) {
      case VLLM -> {
        // vllm serve engine arguments: adapters in a batch and GPU slots, rank, CPU cache.
        launch.flag("--enable-lora");
        launch.flag("--max-loras", Integer.toString(lora.maxLoras()));
        launch.flag("--max-lora-rank", Integer.toString(lora.maxRank()));
        launch.flag("--max-cpu-loras", Integer.toString(lora.adapterCount()));
        if (!modules.isEmpty()) {
          launch.flag("--lora-modules", modules);
        }
      }
      case SGLANG -> {
        // SGLang server arguments, LoRA serving.
        launch.flag("--enable-lora");
        launch.flag("--max-loras-per-batch", Integer.toString(lora.maxLoras()));
        launch.flag("--max-loaded-loras", Integer.toString(lora.adapterCount()));
        launch.flag("--max-lora-rank", Integer.toString(lora.maxRank()));
        launch.flag("--lora-target-modules", HF_MODULES);
        if (!modules.isEmpty()) {
          launch.flag("--lora-paths", modules);
        }
      }
      case TRTLLM -> {
        // LLM API LoraConfig (PyTorch backend) in the extra-options YAML.
        ObjectNode config = launch.options().putObject("lora_config");
        ArrayNode dirs = config.putArray("lora_dir");
        for (String module : modules) {
          dirs.add(module.substring(module.indexOf('=') + 1));
        }
        config.put("max_lora_rank", lora.maxRank());
        config.put("max_loras", lora.maxLoras());
        config.put("max_cpu_loras", lora.adapterCount());
        ArrayNode targets = config.putArray("lora_target_modules");
        TRTLLM_MODULES.forEach(targets::add);
      }
      default -> throw new IllegalArgumentException("no launch flags for " + group.engine().id());
    }
  }

  /** NAME=PATH for every adapter whose family names a source, in plan order. */
  static List<String> modules(LoraPlan lora) {
    List<String> out = new ArrayList<>();
    for (LoraPlan.AdapterSet a : lora.adapters()) {
      if (a.source().isEmpty()) {
        continue;
      }
      List<String> names = a.adapterNames();
      for (int i = 0; i < names.size(); i++) {
        String path = a.count() == 1 ? a.source().get() : a.source().get() + "-" + (i + 1);
        out.add(names.get(i) + "=" + path);
      }
    }
    return out;
  }
}
