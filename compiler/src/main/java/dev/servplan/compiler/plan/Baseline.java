package dev.servplan.compiler.plan;

import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The naive plan a person would write by hand, evaluated with the same cost model, so the plan can
 * state its saving. Empty cost when no naive plan fits the inventory.
 */
public record Baseline(
    String description, Optional<HourlyPrice> costPerHour, List<BaselineGroup> groups) {
  public Baseline {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(costPerHour, "costPerHour");
    groups = List.copyOf(groups);
  }

  /** One baseline group, tagged with the deployment it serves. */
  public record BaselineGroup(String deployment, Group group) {
    public BaselineGroup {
      Objects.requireNonNull(deployment, "deployment");
      Objects.requireNonNull(group, "group");
    }
  }
}
