package dev.servplan.runtime.sim;

import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Objects;

/**
 * One deployment to simulate: its instance groups (unified, or prefill and decode), its workload
 * and its SLO.
 *
 * @param attainment the share of requests that must meet every target
 */
public record SimDeployment(
    String name,
    List<SimGroup> groups,
    SimWorkload workload,
    List<SloTarget> targets,
    Fraction attainment) {
  public SimDeployment {
    Objects.requireNonNull(name, "name");
    groups = List.copyOf(groups);
    Objects.requireNonNull(workload, "workload");
    targets = List.copyOf(targets);
    Objects.requireNonNull(attainment, "attainment");
    boolean unified = groups.stream().anyMatch(g -> g.role() == GroupRole.UNIFIED);
    boolean prefill = groups.stream().anyMatch(g -> g.role() == GroupRole.PREFILL);
    boolean decode = groups.stream().anyMatch(g -> g.role() == GroupRole.DECODE);
    if (!unified && !prefill) {
      throw new IllegalArgumentException(
          "deployment '" + name + "' has no unified or prefill group");
    }
    if (prefill != decode) {
      throw new IllegalArgumentException(
          "deployment '" + name + "' needs both prefill and decode groups, or neither");
    }
  }

  public SimDeployment withWorkload(SimWorkload newWorkload) {
    return new SimDeployment(name, groups, newWorkload, targets, attainment);
  }

  public SimDeployment withGroups(List<SimGroup> newGroups) {
    return new SimDeployment(name, newGroups, workload, targets, attainment);
  }
}
