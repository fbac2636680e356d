package dev.servplan.runtime.sim;

import java.util.List;
import java.util.Objects;

/** The outcome of one simulation: per-deployment results and what was simulated. */
public record SimReport(
    List<DeploymentResult> deployments, SimOptions options, double simulatedSeconds, long events) {
  public SimReport {
    deployments = List.copyOf(deployments);
    Objects.requireNonNull(options, "options");
  }
}
