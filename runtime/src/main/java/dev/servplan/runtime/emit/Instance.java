package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.PlanDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One engine instance to launch, with the ports it was given. {@code label} names the group within
 * its deployment ({@code unified}, {@code prefill}, {@code decode}, suffixed when a role repeats).
 * The first stage's node is the head: it serves HTTP and coordinates the other nodes.
 *
 * @param port the HTTP port on the head node, unique among the instances whose head is that node
 * @param slot this instance's position among the instances headed on the same node (0, 1, ...):
 *     emitters add it to a base to get further ports that do not clash on that node
 */
public record Instance(
    PlanDeployment deployment,
    String label,
    Group group,
    int index,
    List<Placement.Stage> stages,
    int port,
    int slot) {
  public Instance {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(group, "group");
    stages = List.copyOf(stages);
  }

  /** The GPU indices per node in stage order, nodes merged when consecutive stages share one. */
  public Map<Integer, List<Integer>> gpusByNode() {
    Map<Integer, List<Integer>> byNode = new LinkedHashMap<>();
    for (Placement.Stage s : stages) {
      byNode.computeIfAbsent(s.node(), n -> new ArrayList<>()).addAll(s.gpus());
    }
    return byNode;
  }

  public int headNode() {
    return stages.get(0).node();
  }

  public boolean multiNode() {
    return gpusByNode().size() > 1;
  }

  /** A file-name-safe id such as {@code chat-prefill-0}. */
  public String id() {
    return Names.dns1123(deployment.name()) + "-" + label + "-" + index;
  }
}
