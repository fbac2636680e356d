package dev.servplan.runtime.emit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.runtime.technique.EngineGroup;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * Launch scripts for TensorRT-LLM {@value #VERSION}'s {@code trtllm-serve} (PyTorch backend) with
 * an {@code --extra_llm_api_options} YAML per group, and per deployment a {@code prepare.sh} that
 * makes the checkpoints trtllm-serve cannot make on load: FP8 weights quantized from a 16-bit
 * checkpoint with NVIDIA Model Optimizer, and those techniques ask for. Instances that span nodes
 * are refused: they need an MPI launcher whose host file the plan cannot know.
 */
public final class TrtllmEmitter extends EngineEmitter {
  /** The TensorRT-LLM release whose trtllm-serve and LLM-API options the files are written for. */
  public static final String VERSION = "1.2.0";

  /** The trtllm-serve reference every flag and option key was checked against. */
  public static final String DOCS = "https://nvidia.github.io/TensorRT-LLM/commands/trtllm-serve/";

  static final int BASE_PORT = 8000;

  private static final ShapeFlags SHAPE =
      new ShapeFlags(
          "--tp_size", "--pp_size", "--ep_size", true, "--max_batch_size", "--max_num_tokens");

  public TrtllmEmitter() {
    super(Engine.TRTLLM, BASE_PORT);
  }

  @Override
  boolean optionsFile() {
    return true;
  }

  @Override
  boolean prepareScript() {
    return true;
  }

  @Override
  boolean engineFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    if (ck.onlineFp8()) {
      // The PyTorch backend loads FP8 weights from a ModelOpt-quantized checkpoint; it does not
      // quantize a 16-bit checkpoint on load the way vLLM and SGLang do with --quantization fp8,
      // so prepare.sh quantizes it once (TensorRT-LLM quantization guide, "Offline Quantization
      // with ModelOpt").
      launch.model(launch.preparation().fp8(ck.repo(), group.label()));
    }
    launch.flag("--backend", "pytorch");
    SHAPE.add(launch, group.group());
    return true;
  }

  /** The extra-options YAML, one file per group next to its scripts. */
  @Override
  void closingFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    Group g = group.group();
    double free = MemoryFractions.trtllmFreeFraction(g.memoryPerGpu());
    if (free > 1) {
      errors.add(
          group.where()
              + "the KV cache needs more than the memory left after weights; the plan does not fit");
    }
    ObjectNode root = Yaml.F.objectNode();
    root.put("enable_chunked_prefill", true);
    ck.forceDtype().ifPresent(d -> root.put("dtype", Checkpoint.torchName(d)));
    root.setAll(launch.decodingOptions());
    ObjectNode kv = root.putObject("kv_cache_config");
    kv.put("dtype", ck.fp8Kv() ? "fp8" : "auto");
    kv.put("free_gpu_memory_fraction", new BigDecimal(MemoryFractions.format(free > 1 ? 1 : free)));
    kv.setAll(launch.kvCacheOptions());
    root.setAll(launch.options());
    if (g.role() != Role.UNIFIED) {
      // Disaggregated serving: the cache transceiver moves KV blocks from context (prefill) to
      // generation (decode) servers; DEFAULT lets TensorRT-LLM pick its transport (UCX or NIXL).
      root.putObject("cache_transceiver_config").put("backend", "DEFAULT");
    }
    launch.flag(
        "--extra_llm_api_options",
        launch.groupFile(group.label() + ".extra-llm-api.yaml", Yaml.write(root)));
  }

  @Override
  void scripts(Plan plan, Layout.Launch launch, Output out) {
    Instance inst = launch.instance();
    if (inst.multiNode()) {
      out.errors.add(
          "deployment '"
              + inst.deployment().name()
              + "' group "
              + inst.label()
              + " instance "
              + inst.index()
              + " spans "
              + inst.gpusByNode().size()
              + " nodes; trtllm-serve needs an MPI "
              + "launcher for that, which servplan does not emit (use --target vllm, sglang or k8s)");
      return;
    }
    GroupLaunch group = launch.group();
    List<String> args =
        group.command(
            List.of(group.model(), "--host", "0.0.0.0", "--port", Integer.toString(inst.port())),
            List.of());
    int node = inst.headNode();
    String path = Scripts.scriptName("trtllm", inst, node, true);
    StringBuilder s =
        new StringBuilder(
            Scripts.header(plan, inst, node, "TensorRT-LLM " + VERSION + " trtllm-serve"));
    s.append(Scripts.HERE);
    Preparation needs = out.preparations.get(inst.deployment().name());
    if (needs != null) {
      // Checkpoint paths in the arguments and the options YAML are relative to this folder.
      s.append("cd \"$here\"\n");
      for (String dirNeeded : needs.dirsFor(inst)) {
        s.append("[ -f ")
            .append(dirNeeded)
            .append("/config.json ] || { echo \"")
            .append(dirNeeded)
            .append(" is missing: run ./prepare.sh first\" >&2; exit 1; }\n");
      }
    }
    s.append(Scripts.devices(inst.gpusByNode().get(node)));
    s.append(Shell.command("exec trtllm-serve", args, group.expanded()));
    out.script(path, inst, node, s.toString(), Integer.toString(inst.port()));
  }

  @Override
  void finish(Plan plan, Output out) {
    for (Preparation p : out.preparations.values()) {
      out.files.add(p.script(plan));
    }
    out.files.sort(Comparator.comparing(EmittedFile::path));
  }
}
