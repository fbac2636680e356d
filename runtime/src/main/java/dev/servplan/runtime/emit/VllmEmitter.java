package dev.servplan.runtime.emit;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.runtime.technique.EngineGroup;
import java.util.List;
import java.util.Map;

/**
 * Launch scripts for vLLM {@value #VERSION} ({@code vllm serve}), one per instance, or one per node
 * for instances that span nodes (Ray head and workers). Flags are those of the vLLM engine-argument
 * reference; docs/emit.md lists each with its source.
 */
public final class VllmEmitter extends EngineEmitter {
  /** The vLLM release whose CLI the scripts are written for. */
  public static final String VERSION = "0.12.0";

  static final int BASE_PORT = 8000;

  /** First NIXL side-channel port; vLLM's own default is 5600 (NixlConnector usage guide). */
  static final int BASE_NIXL_PORT = 5600;

  /** First Ray GCS port; 6379 is Ray's default head port. */
  static final int BASE_RAY_PORT = 6379;

  private static final ShapeFlags SHAPE =
      new ShapeFlags(
          "--tensor-parallel-size",
          "--pipeline-parallel-size",
          "--enable-expert-parallel",
          false,
          "--max-num-seqs",
          "--max-num-batched-tokens");

  public VllmEmitter() {
    super(Engine.VLLM, BASE_PORT);
  }

  @Override
  boolean engineFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    Group g = group.group();
    if (g.ep() > 1 && g.ep() != g.tp()) {
      errors.add(
          group.where()
              + "vLLM sizes expert parallelism as tp x dp, so ep="
              + g.ep()
              + " with tp="
              + g.tp()
              + " cannot be expressed; emit for sglang or trtllm instead");
      return false;
    }
    double util = MemoryFractions.vllmUtilization(g.memoryPerGpu());
    if (util > 1) {
      errors.add(
          group.where() + "the plan's memory per GPU is " + util + " of capacity; it does not fit");
      return false;
    }
    SHAPE.add(launch, g);
    launch.flag("--gpu-memory-utilization", MemoryFractions.format(util));
    precisionFlags(launch, ck, "fp8");
    launch.flag("--enable-chunked-prefill");
    return true;
  }

  @Override
  void closingFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    if (group.group().role() != Role.UNIFIED) {
      // NixlConnector: vLLM's documented connector for disaggregated prefill across hosts; the
      // prefill/decode role is set by the proxy, and the 0.12 guide configures both sides kv_both.
      launch.flag(
          "--kv-transfer-config", "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\"}");
    }
  }

  /**
   * The arguments of {@code vllm serve}: the model, the HTTP address, the group's flags, and the
   * Ray executor when the instance spans nodes ({@link K8sEmitter} runs the same).
   */
  static List<String> serveArgs(GroupLaunch launch, int port, boolean ray) {
    return launch.command(
        List.of(launch.model(), "--host", "0.0.0.0", "--port", Integer.toString(port)),
        ray ? List.of("--distributed-executor-backend", "ray") : List.of());
  }

  @Override
  void scripts(Plan plan, Layout.Launch launch, Output out) {
    Instance inst = launch.instance();
    List<String> args = serveArgs(launch.group(), inst.port(), inst.multiNode());
    int rayPort = BASE_RAY_PORT + inst.slot();
    for (Map.Entry<Integer, List<Integer>> node : inst.gpusByNode().entrySet()) {
      boolean head = node.getKey() == inst.headNode();
      String path = Scripts.scriptName("vllm", inst, node.getKey(), head);
      StringBuilder s =
          new StringBuilder(Scripts.header(plan, inst, node.getKey(), "vLLM " + VERSION));
      s.append(Scripts.devices(node.getValue()));
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
        out.script(path, inst, node.getKey(), s.toString(), "");
        continue;
      }
      if (inst.multiNode()) {
        s.append(
                "# Start the workers' scripts after this Ray head is up; vLLM places the pipeline\n")
            .append("# stages over the Ray nodes.\n");
        s.append("ray start --head --port=").append(rayPort).append('\n');
      }
      if (launch.group().hasFiles()) {
        s.append(Scripts.HERE);
      }
      s.append(Shell.command("exec vllm serve", args, launch.group().expanded()));
      out.script(path, inst, node.getKey(), s.toString(), Integer.toString(inst.port()));
    }
  }
}
