package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.compiler.technique.speculative.Speculation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launch scripts for SGLang ({@code python -m sglang.launch_server}, flags as on {@value #DOCS}):
 * one per instance, or one per node with {@code --nnodes/--node-rank} for instances that span
 * nodes. Flags are those of SGLang's server-arguments reference (docs/emit.md).
 */
public final class SglangEmitter implements Emitter {
  /** The server-arguments reference every flag was checked against. */
  public static final String DOCS =
      "https://docs.sglang.io/advanced_features/server_arguments.html";

  static final int BASE_PORT = 30000;

  /** First torch.distributed rendezvous port for multi-node instances (SGLang docs use 50000). */
  static final int BASE_DIST_PORT = 50000;

  /** First prefill bootstrap port; SGLang's default --disaggregation-bootstrap-port is 8998. */
  static final int BASE_BOOTSTRAP_PORT = 8998;

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
      String pdmux = pdmuxFile(inst, files, errors);
      int nodes = inst.gpusByNode().size();
      int rank = 0;
      for (Map.Entry<Integer, List<Integer>> node : inst.gpusByNode().entrySet()) {
        boolean head = rank == 0;
        List<String> args = new ArrayList<>();
        args.add("--model-path");
        args.add(engineArgs.get(0));
        args.add("--host");
        args.add("0.0.0.0");
        args.add("--port");
        args.add(Integer.toString(inst.port()));
        args.addAll(engineArgs.subList(1, engineArgs.size()));
        if (inst.group().role() == Role.PREFILL) {
          args.add("--disaggregation-bootstrap-port");
          args.add(Integer.toString(BASE_BOOTSTRAP_PORT + inst.slot()));
        }
        if (nodes > 1) {
          args.add("--nnodes");
          args.add(Integer.toString(nodes));
          args.add("--node-rank");
          args.add(Integer.toString(rank));
          args.add("--dist-init-addr");
          args.add("${HEAD_ADDR}:" + (BASE_DIST_PORT + inst.slot()));
        }
        String path = Scripts.scriptName("sglang", inst, node.getKey(), head);
        StringBuilder s = new StringBuilder(Scripts.header(plan, inst, node.getKey(), "SGLang"));
        s.append("export CUDA_VISIBLE_DEVICES=").append(Shell.join(node.getValue())).append('\n');
        if (nodes > 1) {
          s.append("# Run on every node of this instance; HEAD_ADDR is the address of pool ")
              .append(inst.group().pool())
              .append(" node ")
              .append(inst.headNode())
              .append(".\n");
          s.append(": \"${HEAD_ADDR:?set HEAD_ADDR to the head node address}\"\n");
        }
        if (pdmux != null) {
          SmPartitionEmit.sglangArgs(args, inst.group(), "$here/" + pdmux);
          s.append("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
        }
        s.append(
            pdmux == null
                ? commandWithEnv(args)
                : commandWithEnv(args).replace("'$here/" + pdmux + "'", "\"$here/" + pdmux + "\""));
        index.add(
            new String[] {
              path,
              inst.group().pool(),
              node.getKey().toString(),
              Shell.join(node.getValue()),
              inst.label(),
              head ? Integer.toString(inst.port()) : ""
            });
        files.add(new EmittedFile(path, s.toString(), true));
        rank++;
      }
    }
    if (!errors.isEmpty()) {
      return new EmitResult(List.of(), errors, List.of());
    }
    files.add(Scripts.index("sglang", index));
    return new EmitResult(files, List.of(), List.of());
  }

  /**
   * The PD-multiplexing config of an SM-partitioned group, written once per group next to its
   * scripts; returns its file name, or null when the group is not partitioned.
   */
  private static String pdmuxFile(Instance inst, List<EmittedFile> files, List<String> errors) {
    Group g = inst.group();
    if (SmSplit.of(g).isEmpty()) {
      return null;
    }
    String name = inst.label() + ".pdmux.yaml";
    String path = "sglang/" + Names.dns1123(inst.deployment().name()) + "/" + name;
    if (files.stream().anyMatch(f -> f.path().equals(path))) {
      return name;
    }
    int[] sms = SmPartitionEmit.sms(g, SmSplit.of(g).get());
    if (sms.length == 0) {
      errors.add(
          "deployment '"
              + inst.deployment().name()
              + "' group "
              + inst.label()
              + ": the catalog has no SM count for gpu '"
              + g.gpu()
              + "', needed to split it for PD multiplexing");
      return null;
    }
    files.add(new EmittedFile(path, SmPartitionEmit.pdmuxConfig(g, sms), false));
    return name;
  }

  /** The command with {@code ${HEAD_ADDR}} left for the shell to expand (double-quoted). */
  private static String commandWithEnv(List<String> args) {
    String text = Shell.command("exec python3 -m sglang.launch_server", args);
    return text.replace("'${HEAD_ADDR}:", "\"${HEAD_ADDR}:")
        .replaceAll("(\"\\$\\{HEAD_ADDR}:\\d+)'", "$1\"");
  }

  static Optional<List<String>> groupArgs(Instance inst, EmitOptions options, List<String> errors) {
    Group g = inst.group();
    Optional<Checkpoint> ck = Checkpoint.resolve(inst.deployment(), g, options, "SGLang", errors);
    if (ck.isEmpty()) {
      return Optional.empty();
    }
    java.util.List<Compatibility.Conflict> conflicts = Compatibility.conflicts(g.techniques());
    if (!conflicts.isEmpty()) {
      errors.add(
          "deployment '"
              + inst.deployment().name()
              + "' group "
              + inst.label()
              + ": "
              + conflicts.get(0).message()
              + "; servplan does not plan or emit that, recompile the plan");
      return Optional.empty();
    }
    String expertRefusal =
        OffloadFlags.refusal(
            "deployment '" + inst.deployment().name() + "' group " + inst.label() + ": ",
            "SGLang",
            g);
    if (expertRefusal != null) {
      errors.add(expertRefusal);
      return Optional.empty();
    }
    double fraction = MemoryFractions.sglangStatic(g.memoryPerGpu());
    if (fraction > 1) {
      errors.add(
          "deployment '"
              + inst.deployment().name()
              + "' group "
              + inst.label()
              + ": weights and KV cache need "
              + fraction
              + " of GPU memory; the plan does not fit");
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    args.add(ck.get().repo());
    args.add("--tp-size");
    args.add(Integer.toString(g.tp()));
    args.add("--pp-size");
    args.add(Integer.toString(g.pp()));
    if (g.ep() > 1) {
      args.add("--ep-size");
      args.add(Integer.toString(g.ep()));
    }
    args.add("--max-running-requests");
    args.add(Integer.toString(g.maxNumSeqs()));
    args.add("--chunked-prefill-size");
    args.add(Integer.toString(g.maxNumBatchedTokens()));
    args.add("--mem-fraction-static");
    args.add(MemoryFractions.format(fraction));
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
    args.add(ck.get().fp8Kv() ? "fp8_e4m3" : "auto");
    if (!PrefixCaching.on(g)) {
      // SGLang's RadixAttention prefix cache is on unless disabled (docs.sglang.ai server
      // arguments).
      args.add("--disable-radix-cache");
    }
    if (Speculation.of(g).isPresent()) {
      // A separate small draft model is SGLang's STANDALONE algorithm (docs.sglang.ai, advanced
      // features, speculative decoding): k draft steps in a chain (top-k 1), so k + 1 tokens
      // verified.
      Speculation sd = Speculation.of(g).get();
      Optional<String> draft = ModelRepos.forModel(sd.draft());
      if (draft.isEmpty()) {
        errors.add(
            "deployment '"
                + inst.deployment().name()
                + "' group "
                + inst.label()
                + ": no Hugging Face repo known for the draft model '"
                + sd.draft()
                + "'");
        return Optional.empty();
      }
      args.add("--speculative-algorithm");
      args.add("STANDALONE");
      args.add("--speculative-draft-model-path");
      args.add(draft.get());
      args.add("--speculative-num-steps");
      args.add(Integer.toString(sd.tokens()));
      args.add("--speculative-eagle-topk");
      args.add("1");
      args.add("--speculative-num-draft-tokens");
      args.add(Integer.toString(sd.tokens() + 1));
    }
    // SGLang server arguments, Offloading: --cpu-offload-gb, GiB of RAM for CPU offloading.
    OffloadFlags.add(g, args);
    LoraPlan.of(g).ifPresent(l -> LoraFlags.sglang(l, args));
    if (g.role() != Role.UNIFIED) {
      args.add("--disaggregation-mode");
      args.add(g.role().id());
      // NIXL, like the vLLM scripts, so one transport library serves both engines.
      args.add("--disaggregation-transfer-backend");
      args.add("nixl");
    }
    return Optional.of(args);
  }
}
