package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks across groups: placement, pool capacity, prices and the plan's coverage of the spec. */
final class PlanChecks {
  /**
   * Slack for money sums: plans print numbers at 6 significant digits, so a sum may be off by a few
   * parts in a million of itself; half a cent covers small plans.
   */
  static final double MONEY_RELATIVE_TOLERANCE = 1e-5;

  static final double MONEY_ABSOLUTE_TOLERANCE = 0.005;

  private final List<Violation> out;

  PlanChecks(List<Violation> out) {
    this.out = out;
  }

  void placement(PlanContext context) {
    Map<String, String> booked = new LinkedHashMap<>();
    for (PlanContext.GroupView view : context.groups()) {
      Group group = view.group();
      String path = view.path();
      if (group.placement().size() != group.instances()) {
        out.add(
            Violation.of(
                PlanCode.P0303,
                path + ".placement",
                "the group has "
                    + group.instances()
                    + " instances but "
                    + group.placement().size()
                    + " placements"));
      }
      int nodes =
          view.poolGpus().isPresent()
              ? (view.poolGpus().getAsInt() + view.gpusPerNode() - 1) / view.gpusPerNode()
              : Integer.MAX_VALUE;
      for (int k = 0; k < group.placement().size(); k++) {
        Placement placement = group.placement().get(k);
        String pPath = path + ".placement[" + k + "]";
        if (placement.stages().size() != group.pp()) {
          out.add(
              Violation.of(
                  PlanCode.P0303,
                  pPath + ".stages",
                  "instance "
                      + placement.instance()
                      + " has "
                      + placement.stages().size()
                      + " pipeline stages but pp="
                      + group.pp()));
        }
        for (int s = 0; s < placement.stages().size(); s++) {
          Placement.Stage stage = placement.stages().get(s);
          String sPath = pPath + ".stages[" + s + "]";
          if (stage.gpus().size() != group.tp()) {
            out.add(
                Violation.of(
                    PlanCode.P0303,
                    sPath + ".gpus",
                    "stage " + s + " lists " + stage.gpus().size() + " GPUs but tp=" + group.tp()));
          }
          if (stage.node() >= nodes) {
            out.add(
                Violation.of(
                    PlanCode.P0302,
                    sPath + ".node",
                    "node "
                        + stage.node()
                        + " is outside pool '"
                        + group.pool()
                        + "', which has "
                        + nodes
                        + " nodes (0 to "
                        + (nodes - 1)
                        + ")"));
            continue;
          }
          for (int g = 0; g < stage.gpus().size(); g++) {
            int gpu = stage.gpus().get(g);
            String gPath = sPath + ".gpus[" + g + "]";
            long global = (long) stage.node() * view.gpusPerNode() + gpu;
            if (gpu >= view.gpusPerNode()
                || (view.poolGpus().isPresent() && global >= view.poolGpus().getAsInt())) {
              out.add(
                  Violation.of(
                      PlanCode.P0302,
                      gPath,
                      "GPU "
                          + gpu
                          + " of node "
                          + stage.node()
                          + " is outside pool '"
                          + group.pool()
                          + "' ("
                          + view.gpusPerNode()
                          + " GPUs per node"
                          + (view.poolGpus().isPresent()
                              ? ", " + view.poolGpus().getAsInt() + " GPUs in all"
                              : "")
                          + ")"));
              continue;
            }
            String key = group.pool() + "/" + stage.node() + "/" + gpu;
            String owner = booked.putIfAbsent(key, pPath);
            if (owner != null) {
              out.add(Violation.of(PlanCode.P0301, gPath, gpu, stage.node(), group.pool(), owner));
            }
          }
        }
      }
    }
  }

  void pools(PlanContext context) {
    Map<String, Integer> used = new LinkedHashMap<>();
    Set<String> reported = new LinkedHashSet<>();
    for (PlanContext.GroupView view : context.groups()) {
      Group group = view.group();
      String pool = group.pool();
      boolean known =
          context.spec().isPresent()
              ? view.specPool().isPresent()
              : context.plan().inventory().isEmpty() || view.poolGpus().isPresent();
      if (!known) {
        if (reported.add("unknown:" + pool)) {
          out.add(Violation.of(PlanCode.P0305, view.path() + ".pool", pool));
        }
        continue;
      }
      int total = used.merge(pool, group.totalGpus(), Integer::sum);
      if (view.poolGpus().isPresent()
          && total > view.poolGpus().getAsInt()
          && reported.add("full:" + pool)) {
        out.add(
            Violation.of(
                PlanCode.P0304,
                view.path() + ".instances",
                total,
                pool,
                view.poolGpus().getAsInt()));
      }
    }
  }

  void cost(PlanContext context) {
    double sum = 0;
    for (PlanContext.GroupView view : context.groups()) {
      Group group = view.group();
      sum += group.costPerHour().dollarsPerHour();
      view.specPool()
          .ifPresent(
              pool -> {
                double expected = pool.pricePerGpuHour().dollarsPerHour();
                if (!close(group.pricePerGpuHour().dollarsPerHour(), expected)) {
                  out.add(
                      Violation.of(
                          PlanCode.P0401,
                          view.path() + ".price_per_gpu_hour",
                          group.pricePerGpuHour(),
                          pool.name(),
                          new HourlyPrice(expected)));
                }
              });
    }
    Plan plan = context.plan();
    if (!close(plan.costPerHour().dollarsPerHour(), sum)) {
      out.add(
          Violation.of(PlanCode.P0402, "cost_per_hour", plan.costPerHour(), new HourlyPrice(sum)));
    }
  }

  static boolean close(double a, double b) {
    return Math.abs(a - b)
        <= Math.max(
            MONEY_ABSOLUTE_TOLERANCE,
            MONEY_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
  }

  void coverage(PlanContext context) {
    List<PlanDeployment> deployments = context.plan().deployments();
    for (int d = 0; d < deployments.size(); d++) {
      PlanDeployment dep = deployments.get(d);
      String path = "deployments[" + d + "]";
      long unified = live(dep, Role.UNIFIED);
      long prefill = live(dep, Role.PREFILL);
      long decode = live(dep, Role.DECODE);
      if (unified == 0 && (prefill == 0 || decode == 0)) {
        out.add(
            Violation.of(
                PlanCode.P0604,
                path + ".groups",
                "deployment '"
                    + dep.name()
                    + "' has "
                    + unified
                    + " unified, "
                    + prefill
                    + " prefill and "
                    + decode
                    + " decode instances; it needs unified instances, or both prefill and decode instances"));
      } else if ((prefill == 0) != (decode == 0)) {
        out.add(
            Violation.of(
                PlanCode.P0604,
                path + ".groups",
                "deployment '"
                    + dep.name()
                    + "' has "
                    + prefill
                    + " prefill and "
                    + decode
                    + " decode instances; a disaggregated deployment needs both"));
      }
      if (context.model(dep).isEmpty() && context.specDeployment(dep.name()).isEmpty()) {
        out.add(Violation.of(PlanCode.P0104, path + ".model", dep.model()));
      }
    }
    if (context.spec().isEmpty()) {
      return;
    }
    ValidIr spec = context.spec().get();
    Set<String> planned = new LinkedHashSet<>();
    for (int d = 0; d < deployments.size(); d++) {
      PlanDeployment dep = deployments.get(d);
      planned.add(dep.name());
      var match = context.specDeployment(dep.name());
      if (match.isEmpty()) {
        out.add(Violation.of(PlanCode.P0602, "deployments[" + d + "].name", dep.name()));
      } else if (!PlanContext.modelMatches(dep.model(), match.get())) {
        ResolvedDeployment s = match.get();
        out.add(
            Violation.of(
                PlanCode.P0603,
                "deployments[" + d + "].model",
                dep.name(),
                dep.model(),
                s.deployment().model().value()));
      }
    }
    for (ResolvedDeployment d : spec.deployments()) {
      if (!planned.contains(d.name())) {
        out.add(Violation.of(PlanCode.P0601, "deployments", d.name()));
      }
    }
  }

  private static long live(PlanDeployment dep, Role role) {
    return dep.groups().stream().filter(g -> g.role() == role).mapToLong(Group::instances).sum();
  }
}
