package dev.servplan.runtime.emit;

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

/**
 * Launch scripts for vLLM {@value #VERSION} ({@code vllm serve}), one per instance, or one per node
 * for instances that span nodes (Ray head and workers). Flags are those of the vLLM engine-argument
 * reference; docs/emit.md lists each with its source.
 */
public final class VllmEmitter implements Emitter {
  /** The vLLM release whose CLI the scripts are written for. */
  public static final String VERSION = "0.12.0";

  static final int BASE_PORT = 8000;

  /** First NIXL side-channel port; vLLM's own default is 5600 (NixlConnector usage guide). */
  static final int BASE_NIXL_PORT = 5600;

  /** First Ray GCS port; 6379 is Ray's default head port. */
  static final int BASE_RAY_PORT = 6379;

  @Override
  public EmitResult emit(Plan plan, EmitOptions options) {
    List<String> errors = new ArrayList<>();
    List<EmittedFile> files = new ArrayList<>();
    List<String[]> index = new ArrayList<>();
    Layout.Result layout = Layout.of(plan, BASE_PORT);
    errors.addAll(layout.errors());
    for (Layout.Launch launch : layout.launches(inst -> groupArgs(inst, options, errors))) {
      Instance inst = launch.instance();
      List<String> engineArgs = launch.args();
      List<String> args = new ArrayList<>();
      args.add(engineArgs.get(0));
      args.add("--host");
      args.add("0.0.0.0");
      args.add("--port");
      args.add(Integer.toString(inst.port()));
      args.addAll(engineArgs.subList(1, engineArgs.size()));
      int rayPort = BASE_RAY_PORT + inst.slot();
      if (inst.multiNode()) {
        args.add("--distributed-executor-backend");
        args.add("ray");
      }
      for (Map.Entry<Integer, List<Integer>> node : inst.gpusByNode().entrySet()) {
        boolean head = node.getKey() == inst.headNode();
        String path = Scripts.scriptName("vllm", inst, node.getKey(), head);
        StringBuilder s =
            new StringBuilder(Scripts.header(plan, inst, node.getKey(), "vLLM " + VERSION));
        s.append("export CUDA_VISIBLE_DEVICES=").append(Shell.join(node.getValue())).append('\n');
        if (inst.group().role() != Role.UNIFIED) {
          s.append("export VLLM_NIXL_SIDE_CHANNEL_PORT=")
              .append(BASE_NIXL_PORT + inst.slot())
              .append('\n');
        }
        if (!head) {
          s.append("# Joins the Ray cluster of ")
              .append(Scripts.scriptName("vllm", inst, inst.headNode(), true))
              .append("; HEAD_ADDR is the address of pool ")
              .append(inst.group().pool())
              .append(" node ")
              .append(inst.headNode())
              .append(".\n");
          s.append(
                  "exec ray start --block --address=\"${HEAD_ADDR:?set HEAD_ADDR to the head node address}:")
              .append(rayPort)
              .append("\"\n");
          index.add(
              new String[] {
                path,
                inst.group().pool(),
                node.getKey().toString(),
                Shell.join(node.getValue()),
                inst.label(),
                ""
              });
        } else {
          if (inst.multiNode()) {
            s.append(
                    "# Start the workers' scripts after this Ray head is up; vLLM places the pipeline\n")
                .append("# stages over the Ray nodes.\n");
            s.append("ray start --head --port=").append(rayPort).append('\n');
          }
          s.append(Shell.command("exec vllm serve", args));
          index.add(
              new String[] {
                path,
                inst.group().pool(),
                node.getKey().toString(),
                Shell.join(node.getValue()),
                inst.label(),
                Integer.toString(inst.port())
              });
        }
        files.add(new EmittedFile(path, s.toString(), true));
      }
    }
    if (!errors.isEmpty()) {
      return new EmitResult(List.of(), errors, List.of());
    }
    files.add(Scripts.index("vllm", index));
    return new EmitResult(files, List.of(), List.of());
  }

  /** The flags every instance of a group shares, or empty (with errors) when vLLM cannot run it. */
  static Optional<List<String>> groupArgs(Instance inst, EmitOptions options, List<String> errors) {
    Optional<String> smRefusal = SmPartitionEmit.refusal(inst, "vLLM", "vllm");
    if (smRefusal.isPresent()) {
      errors.add(smRefusal.get());
      return Optional.empty();
    }
    Group g = inst.group();
    Optional<Checkpoint> ck = Checkpoint.resolve(inst.deployment(), g, options, "vLLM", errors);
    if (ck.isEmpty()) {
      return Optional.empty();
    }
    String where = "deployment '" + inst.deployment().name() + "' group " + inst.label() + ": ";
    if (g.ep() > 1 && g.ep() != g.tp()) {
      errors.add(
          where
              + "vLLM sizes expert parallelism as tp x dp, so ep="
              + g.ep()
              + " with tp="
              + g.tp()
              + " cannot be expressed; emit for sglang or trtllm instead");
      return Optional.empty();
    }
    String expertRefusal = OffloadFlags.refusal(where, "vLLM", g);
    if (expertRefusal != null) {
      errors.add(expertRefusal);
      return Optional.empty();
    }
    double util = MemoryFractions.vllmUtilization(g.memoryPerGpu());
    if (util > 1) {
      errors.add(where + "the plan's memory per GPU is " + util + " of capacity; it does not fit");
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    args.add(ck.get().repo());
    args.add("--tensor-parallel-size");
    args.add(Integer.toString(g.tp()));
    args.add("--pipeline-parallel-size");
    args.add(Integer.toString(g.pp()));
    if (g.ep() > 1) {
      args.add("--enable-expert-parallel");
    }
    args.add("--max-num-seqs");
    args.add(Integer.toString(g.maxNumSeqs()));
    args.add("--max-num-batched-tokens");
    args.add(Integer.toString(g.maxNumBatchedTokens()));
    args.add("--gpu-memory-utilization");
    args.add(MemoryFractions.format(util));
    ck.get()
        .forceDtype()
        .ifPresent(
            d -> {
              args.add("--dtype");
              args.add(Checkpoint.torchName(d));
            });
    if (ck.get().onlineFp8()) {
      args.add("--quantization");
      args.add("fp8");
    }
    args.add("--kv-cache-dtype");
    args.add(ck.get().fp8Kv() ? "fp8" : "auto");
    args.add("--enable-chunked-prefill");
    // Automatic prefix caching as the plan decided; written either way because the engine's default
    // has changed between versions (docs.vllm.ai engine args: --enable-prefix-caching,
    // --no-enable-prefix-caching).
    args.add(PrefixCaching.on(g) ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
    if (Speculation.of(g).isPresent()) {
      // Draft-model speculation
      // (docs.vllm.ai/en/latest/features/speculative_decoding/draft_model/):
      // one JSON --speculative-config naming the draft checkpoint and k.
      Speculation sd = Speculation.of(g).get();
      Optional<String> draft = ModelRepos.forModel(sd.draft());
      if (draft.isEmpty()) {
        errors.add(where + "no Hugging Face repo known for the draft model '" + sd.draft() + "'");
        return Optional.empty();
      }
      args.add("--speculative-config");
      args.add(
          "{\"model\":\""
              + draft.get()
              + "\",\"num_speculative_tokens\":"
              + sd.tokens()
              + ",\"method\":\"draft_model\"}");
    }
    // Weights kept in host memory and read in every forward pass (docs.vllm.ai engine args,
    // --cpu-offload-gb: GiB per GPU).
    OffloadFlags.add(g, args);
    LoraPlan.of(g).ifPresent(l -> LoraFlags.vllm(l, args));
    if (g.role() != Role.UNIFIED) {
      // NixlConnector: vLLM's documented connector for disaggregated prefill across hosts; the
      // prefill/decode role is set by the proxy, and the 0.12 guide configures both sides kv_both.
      args.add("--kv-transfer-config");
      args.add("{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\"}");
    }
    return Optional.of(args);
  }
}
