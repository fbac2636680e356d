package dev.servplan.runtime.emit;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.runtime.technique.EngineGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Launch scripts for SGLang ({@code python -m sglang.launch_server}, flags as on {@value #DOCS}):
 * one per instance, or one per node with {@code --nnodes/--node-rank} for instances that span
 * nodes. Flags are those of SGLang's server-arguments reference (docs/emit.md).
 */
public final class SglangEmitter extends EngineEmitter {
  /** The server-arguments reference every flag was checked against. */
  public static final String DOCS =
      "https://docs.sglang.io/advanced_features/server_arguments.html";

  static final int BASE_PORT = 30000;

  /** First torch.distributed rendezvous port for multi-node instances (SGLang docs use 50000). */
  static final int BASE_DIST_PORT = 50000;

  /** First prefill bootstrap port; SGLang's default --disaggregation-bootstrap-port is 8998. */
  static final int BASE_BOOTSTRAP_PORT = 8998;

  private static final ShapeFlags SHAPE =
      new ShapeFlags(
          "--tp-size",
          "--pp-size",
          "--ep-size",
          true,
          "--max-running-requests",
          "--chunked-prefill-size");

  public SglangEmitter() {
    super(Engine.SGLANG, BASE_PORT);
  }

  @Override
  boolean engineFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    Group g = group.group();
    double fraction = MemoryFractions.sglangStatic(g.memoryPerGpu());
    if (fraction > 1) {
      errors.add(
          group.where()
              + "weights and KV cache need "
              + fraction
              + " of GPU memory; the plan does not fit");
      return false;
    }
    SHAPE.add(launch, g);
    launch.flag("--mem-fraction-static", MemoryFractions.format(fraction));
    precisionFlags(launch, ck, "fp8_e4m3");
    return true;
  }

  @Override
  void closingFlags(EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors) {
    if (group.group().role() != Role.UNIFIED) {
      launch.flag("--disaggregation-mode", group.group().role().id());
      // NIXL, like the vLLM scripts, so one transport library serves both engines.
      launch.flag("--disaggregation-transfer-backend", "nixl");
    }
  }

  @Override
  void scripts(Plan plan, Layout.Launch launch, Output out) {
    Instance inst = launch.instance();
    GroupLaunch group = launch.group();
    int nodes = inst.gpusByNode().size();
    int rank = 0;
    for (Map.Entry<Integer, List<Integer>> node : inst.gpusByNode().entrySet()) {
      boolean head = rank == 0;
      List<String> perNode = new ArrayList<>();
      Set<String> expanded = new HashSet<>(group.expanded());
      if (inst.group().role() == Role.PREFILL) {
        perNode.add("--disaggregation-bootstrap-port");
        perNode.add(Integer.toString(BASE_BOOTSTRAP_PORT + inst.slot()));
      }
      if (nodes > 1) {
        // The head's address is the shell's to fill in, so the word is left for it to expand.
        String headAddress = "${HEAD_ADDR}:" + (BASE_DIST_PORT + inst.slot());
        perNode.addAll(
            List.of(
                "--nnodes",
                Integer.toString(nodes),
                "--node-rank",
                Integer.toString(rank),
                "--dist-init-addr",
                headAddress));
        expanded.add(headAddress);
      }
      List<String> args =
          group.command(
              List.of(
                  "--model-path",
                  group.model(),
                  "--host",
                  "0.0.0.0",
                  "--port",
                  Integer.toString(inst.port())),
              perNode);
      String path = Scripts.scriptName("sglang", inst, node.getKey(), head);
      StringBuilder s = new StringBuilder(Scripts.header(plan, inst, node.getKey(), "SGLang"));
      s.append(Scripts.devices(node.getValue()));
      if (nodes > 1) {
        s.append("# Run on every node of this instance; HEAD_ADDR is the address of pool ")
            .append(inst.group().pool())
            .append(" node ")
            .append(inst.headNode())
            .append(".\n");
        s.append(": \"${HEAD_ADDR:?set HEAD_ADDR to the head node address}\"\n");
      }
      if (group.hasFiles()) {
        s.append(Scripts.HERE);
      }
      s.append(Shell.command("exec python3 -m sglang.launch_server", args, expanded));
      out.script(
          path, inst, node.getKey(), s.toString(), head ? Integer.toString(inst.port()) : "");
      rank++;
    }
  }
}
