package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.TargetCheck;
import java.util.ArrayList;
import java.util.List;

/** Turns a simulation's missed SLO targets and attainment into P07xx violations. */
public final class SimulationCheck {
  private SimulationCheck() {}

  public static List<Violation> violations(Plan plan, SimReport report) {
    List<Violation> out = new ArrayList<>();
    for (DeploymentResult r : report.deployments()) {
      String path = path(plan, r.name());
      for (TargetCheck t : r.targets()) {
        if (!t.met()) {
          String simulated =
              Double.isNaN(t.simulatedMs())
                  ? "unmeasured (requests were rejected)"
                  : Quantities.formatNumber(round(t.simulatedMs())) + "ms";
          out.add(
              Violation.of(
                  PlanCode.P0701,
                  path + ".predicted",
                  r.name(),
                  t.target().metric().id(),
                  t.target().percentile().id(),
                  simulated,
                  Quantities.formatNumber(t.target().limit().millis()) + "ms"));
        }
      }
      if (!r.attainmentMet()) {
        out.add(
            Violation.of(
                PlanCode.P0702,
                path + ".predicted.slo_attainment",
                r.name(),
                Quantities.formatNumber(round(r.sloAttainment() * 100)) + "%",
                Quantities.formatNumber(r.attainmentTarget() * 100) + "%"));
      }
    }
    return out;
  }

  private static String path(Plan plan, String name) {
    for (int i = 0; i < plan.deployments().size(); i++) {
      if (plan.deployments().get(i).name().equals(name)) {
        return "deployments[" + i + "]";
      }
    }
    return "deployments";
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
