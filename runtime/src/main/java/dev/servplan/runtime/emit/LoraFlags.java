package dev.servplan.runtime.emit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.technique.lora.LoraPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine arguments of a group's multi-LoRA setting (the plan's {@code lora}); sources in
 * docs/emit.md. Every adapter is resident, so the GPU slot count and the CPU cache both equal the
 * adapter count. Adapters load from their family's {@code source}: the source itself for a family
 * of one, {@code SOURCE-i} for adapter i of a larger family; a family without a source is left for
 * the operator to load at run time (vLLM and SGLang load adapters through their HTTP APIs).
 */
final class LoraFlags {
  private LoraFlags() {}

  /** The adapted modules servplan costs (LoraServing): HF names used by vLLM and SGLang. */
  static final List<String> HF_MODULES =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  /** The same modules in TensorRT-LLM's names. */
  static final List<String> TRTLLM_MODULES =
      List.of("attn_q", "attn_k", "attn_v", "attn_dense", "mlp_gate", "mlp_h_to_4h", "mlp_4h_to_h");

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

  /**
   * vLLM ({@code vllm serve} engine arguments): --enable-lora, --max-loras (adapters in a batch and
   * GPU slots), --max-lora-rank, --max-cpu-loras, --lora-modules NAME=PATH ….
   */
  static void vllm(LoraPlan lora, List<String> args) {
    if (lora.merged()) {
      return; // the adapter is in the checkpoint's weights (Checkpoint.resolve)
    }
    args.add("--enable-lora");
    args.add("--max-loras");
    args.add(Integer.toString(lora.maxLoras()));
    args.add("--max-lora-rank");
    args.add(Integer.toString(lora.maxRank()));
    args.add("--max-cpu-loras");
    args.add(Integer.toString(lora.adapterCount()));
    List<String> modules = modules(lora);
    if (!modules.isEmpty()) {
      args.add("--lora-modules");
      args.addAll(modules);
    }
  }

  /**
   * SGLang (server arguments, LoRA serving): --enable-lora, --max-loras-per-batch,
   * --max-loaded-loras, --max-lora-rank, --lora-target-modules, --lora-paths NAME=PATH ….
   */
  static void sglang(LoraPlan lora, List<String> args) {
    if (lora.merged()) {
      return; // the adapter is in the checkpoint's weights (Checkpoint.resolve)
    }
    args.add("--enable-lora");
    args.add("--max-loras-per-batch");
    args.add(Integer.toString(lora.maxLoras()));
    args.add("--max-loaded-loras");
    args.add(Integer.toString(lora.adapterCount()));
    args.add("--max-lora-rank");
    args.add(Integer.toString(lora.maxRank()));
    args.add("--lora-target-modules");
    args.addAll(HF_MODULES);
    List<String> modules = modules(lora);
    if (!modules.isEmpty()) {
      args.add("--lora-paths");
      args.addAll(modules);
    }
  }

  /**
   * TensorRT-LLM (LLM API LoraConfig, PyTorch backend): {@code lora_config} with lora_dir,
   * max_lora_rank, max_loras, max_cpu_loras and lora_target_modules in the extra-options YAML.
   */
  static void trtllm(LoraPlan lora, ObjectNode root) {
    if (lora.merged()) {
      return; // the adapter is in the checkpoint's weights (Checkpoint.resolve)
    }
    ObjectNode config = root.putObject("lora_config");
    ArrayNode dirs = config.putArray("lora_dir");
    for (String module : modules(lora)) {
      dirs.add(module.substring(module.indexOf('=') + 1));
    }
    config.put("max_lora_rank", lora.maxRank());
    config.put("max_loras", lora.maxLoras());
    config.put("max_cpu_loras", lora.adapterCount());
    ArrayNode targets = config.putArray("lora_target_modules");
    TRTLLM_MODULES.forEach(targets::add);
  }
}
