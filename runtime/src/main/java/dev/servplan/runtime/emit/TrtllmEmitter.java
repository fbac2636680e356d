package dev.servplan.runtime.emit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.technique.speculative.Speculation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Launch scripts for TensorRT-LLM {@value #VERSION}'s {@code trtllm-serve} (PyTorch backend) with
 * an {@code --extra_llm_api_options} YAML per group, and per deployment a {@code prepare.sh} that
 * makes the checkpoints trtllm-serve cannot make on load: FP8 weights quantized from a 16-bit
 * checkpoint with NVIDIA Model Optimizer, and the draft model of speculative decoding. Instances
 * that span nodes are refused: they need an MPI launcher whose host file the plan cannot know.
 */
public final class TrtllmEmitter implements Emitter {
  /** The TensorRT-LLM release whose trtllm-serve and LLM-API options the files are written for. */
  public static final String VERSION = "1.2.0";

  /** The trtllm-serve reference every flag and option key was checked against. */
  public static final String DOCS = "https://nvidia.github.io/TensorRT-LLM/commands/trtllm-serve/";

  /** Where prepare.sh writes checkpoints, relative to the deployment's script folder. */
  static final String CHECKPOINTS = "checkpoints";

  static final int BASE_PORT = 8000;

  @Override
  public EmitResult emit(Plan plan, EmitOptions options) {
    List<String> errors = new ArrayList<>();
    List<EmittedFile> files = new ArrayList<>();
    List<String[]> index = new ArrayList<>();
    Layout.Result layout = Layout.of(plan, BASE_PORT);
    errors.addAll(layout.errors());
    Map<String, Preparation> prep = new TreeMap<>();
    Function<Instance, Optional<List<String>>> perGroup =
        inst -> {
          Optional<List<String>> a = groupArgs(inst, options, errors, prep);
          // The extra-options YAML is one file per group, written with its arguments.
          a.ifPresent(
              x ->
                  files.add(
                      new EmittedFile(
                          "trtllm/"
                              + Names.dns1123(inst.deployment().name())
                              + "/"
                              + inst.label()
                              + ".extra-llm-api.yaml",
                          extraOptions(inst.group(), options, errors, inst),
                          false)));
          return a;
        };
    for (Layout.Launch launch : layout.launches(perGroup)) {
      Instance inst = launch.instance();
      List<String> engineArgs = launch.args();
      String dir = "trtllm/" + Names.dns1123(inst.deployment().name());
      String optionsFile = inst.label() + ".extra-llm-api.yaml";
      if (inst.multiNode()) {
        errors.add(
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
        continue;
      }
      List<String> args = new ArrayList<>();
      args.add(engineArgs.get(0));
      args.add("--host");
      args.add("0.0.0.0");
      args.add("--port");
      args.add(Integer.toString(inst.port()));
      args.addAll(engineArgs.subList(1, engineArgs.size()));
      args.add("--extra_llm_api_options");
      args.add("\"$here/" + optionsFile + "\"");
      int node = inst.headNode();
      String path = Scripts.scriptName("trtllm", inst, node, true);
      StringBuilder s =
          new StringBuilder(
              Scripts.header(plan, inst, node, "TensorRT-LLM " + VERSION + " trtllm-serve"));
      s.append("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
      Preparation needs = prep.get(inst.deployment().name());
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
      s.append("export CUDA_VISIBLE_DEVICES=")
          .append(Shell.join(inst.gpusByNode().get(node)))
          .append('\n');
      s.append(
          Shell.command("exec trtllm-serve", args)
              .replace("'\"$here/" + optionsFile + "\"'", "\"$here/" + optionsFile + "\""));
      index.add(
          new String[] {
            path,
            inst.group().pool(),
            Integer.toString(node),
            Shell.join(inst.gpusByNode().get(node)),
            inst.label(),
            Integer.toString(inst.port())
          });
      files.add(new EmittedFile(path, s.toString(), true));
    }
    if (!errors.isEmpty()) {
      return new EmitResult(List.of(), errors, List.of());
    }
    for (Preparation p : prep.values()) {
      files.add(p.script(plan));
    }
    files.sort(java.util.Comparator.comparing(EmittedFile::path));
    files.add(Scripts.index("trtllm", index));
    return new EmitResult(files, List.of(), List.of());
  }

  static Optional<List<String>> groupArgs(
      Instance inst, EmitOptions options, List<String> errors, Map<String, Preparation> prep) {
    Optional<String> smRefusal = SmPartitionEmit.refusal(inst, "TensorRT-LLM", "trtllm");
    if (smRefusal.isPresent()) {
      errors.add(smRefusal.get());
      return Optional.empty();
    }
    Group g = inst.group();
    Optional<Checkpoint> ck =
        Checkpoint.resolve(inst.deployment(), g, options, "TensorRT-LLM", errors);
    if (ck.isEmpty()) {
      return Optional.empty();
    }
    String model = ck.get().repo();
    if (ck.get().onlineFp8()) {
      // The PyTorch backend loads FP8 weights from a ModelOpt-quantized checkpoint; it does not
      // quantize a 16-bit checkpoint on load the way vLLM and SGLang do with --quantization fp8,
      // so prepare.sh quantizes it once (TensorRT-LLM quantization guide, "Offline Quantization
      // with ModelOpt").
      model = preparation(prep, inst).fp8(ck.get().repo());
    }
    if (Speculation.of(g).isPresent()) {
      String draft = Speculation.of(g).get().draft();
      Optional<String> repo = ModelRepos.forModel(draft);
      if (repo.isEmpty()) {
        errors.add(
            "deployment '"
                + inst.deployment().name()
                + "' group "
                + inst.label()
                + ": no Hugging Face repo known for draft model '"
                + draft
                + "'");
        return Optional.empty();
      }
      preparation(prep, inst).draft(draft, repo.get(), inst.label());
    }
    String offloadRefusal =
        OffloadFlags.trtllmRefusal(
            "deployment '" + inst.deployment().name() + "' group " + inst.label() + ": ", g);
    if (offloadRefusal == null) {
      offloadRefusal =
          OffloadFlags.expertRefusal(
              "deployment '" + inst.deployment().name() + "' group " + inst.label() + ": ",
              "TensorRT-LLM",
              g);
    }
    if (offloadRefusal != null) {
      errors.add(offloadRefusal);
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    args.add(model);
    args.add("--backend");
    args.add("pytorch");
    args.add("--tp_size");
    args.add(Integer.toString(g.tp()));
    args.add("--pp_size");
    args.add(Integer.toString(g.pp()));
    if (g.ep() > 1) {
      args.add("--ep_size");
      args.add(Integer.toString(g.ep()));
    }
    args.add("--max_batch_size");
    args.add(Integer.toString(g.maxNumSeqs()));
    args.add("--max_num_tokens");
    args.add(Integer.toString(g.maxNumBatchedTokens()));
    return Optional.of(args);
  }

  static String extraOptions(Group g, EmitOptions options, List<String> errors, Instance inst) {
    double free = MemoryFractions.trtllmFreeFraction(g.memoryPerGpu());
    if (free > 1) {
      errors.add(
          "deployment '"
              + inst.deployment().name()
              + "' group "
              + inst.label()
              + ": the KV cache needs more than the memory left after weights; the plan does not fit");
    }
    ObjectNode root = Yaml.F.objectNode();
    root.put("enable_chunked_prefill", true);
    Checkpoint.resolve(inst.deployment(), g, options, "TensorRT-LLM", new ArrayList<>())
        .flatMap(Checkpoint::forceDtype)
        .ifPresent(d -> root.put("dtype", Checkpoint.torchName(d)));
    Speculation.of(g)
        .ifPresent(
            sd -> {
              // Two-model draft/target speculation (TensorRT-LLM speculative-decoding guide and
              // NVIDIA's DGX Spark trtllm-serve playbook for release 1.2): the draft checkpoint
              // prepare.sh downloads, k draft tokens per step. The playbook turns the overlap
              // scheduler off for this mode, and so does servplan.
              root.put("disable_overlap_scheduler", true);
              ObjectNode spec = root.putObject("speculative_config");
              spec.put("decoding_type", "DraftTarget");
              spec.put("max_draft_len", sd.tokens());
              spec.put("speculative_model_dir", Preparation.draftDir(sd.draft()));
            });
    ObjectNode kv = root.putObject("kv_cache_config");
    kv.put("dtype", g.kvDtype() == dev.servplan.hwdb.catalog.Dtype.FP8 ? "fp8" : "auto");
    kv.put(
        "free_gpu_memory_fraction",
        new java.math.BigDecimal(MemoryFractions.format(free > 1 ? 1 : free)));
    // KV block reuse is TensorRT-LLM's prefix cache (nvidia.github.io/TensorRT-LLM, KvCacheConfig).
    kv.put("enable_block_reuse", PrefixCaching.on(g));
    LoraPlan.of(g).ifPresent(l -> LoraFlags.trtllm(l, root));
    if (g.role() != Role.UNIFIED) {
      // Disaggregated serving: the cache transceiver moves KV blocks from context (prefill) to
      // generation (decode) servers; DEFAULT lets TensorRT-LLM pick its transport (UCX or NIXL).
      root.putObject("cache_transceiver_config").put("backend", "DEFAULT");
    }
    return Yaml.write(root);
  }

  private static Preparation preparation(Map<String, Preparation> prep, Instance inst) {
    return prep.computeIfAbsent(
        inst.deployment().name(), n -> new Preparation(inst.deployment().name()));
  }
}
