package dev.servplan.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * Where one instance runs: one entry per pipeline stage, in stage order. A stage's TP ranks sit on
 * one node; stages may sit on different nodes.
 */
public record Placement(int instance, List<Stage> stages) {
  public Placement {
    stages = List.copyOf(stages);
  }

  /** One pipeline stage: a node index within the pool and GPU indices within that node. */
  public record Stage(int node, List<Integer> gpus) {
    public Stage {
      gpus = List.copyOf(gpus);
      Objects.requireNonNull(gpus, "gpus");
    }
  }
}
