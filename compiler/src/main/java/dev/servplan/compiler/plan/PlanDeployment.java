package dev.servplan.compiler.plan;

import java.util.List;
import java.util.Objects;

/** The groups serving one deployment, with predicted latencies and per-constraint slack. */
public record PlanDeployment(
    String name, String model, Predicted predicted, List<Slack> slack, List<Group> groups) {
  public PlanDeployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(predicted, "predicted");
    slack = List.copyOf(slack);
    groups = List.copyOf(groups);
  }

  public int totalGpus() {
    return groups.stream().mapToInt(Group::totalGpus).sum();
  }
}
