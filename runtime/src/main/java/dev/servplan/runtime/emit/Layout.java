package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Placement;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Expands a plan into the instances to launch and assigns ports. Ports count up from a base per
 * (pool, node), in plan order, so two instances on one node never share a port and the same plan
 * always gets the same ports.
 */
public final class Layout {
  private Layout() {}

  /** The result: instances in plan order, or the reasons the placement cannot be launched. */
  public record Result(List<Instance> instances, List<String> errors) {
    public Result {
      instances = List.copyOf(instances);
      errors = List.copyOf(errors);
    }

    /**
     * Each instance with its group's launch, made once per group by {@code groupLaunch}; the
     * instances of a group whose launch could not be made (empty) are left out.
     */
    List<Launch> launches(Function<Instance, Optional<GroupLaunch>> groupLaunch) {
      Map<String, Optional<GroupLaunch>> byGroup = new LinkedHashMap<>();
      List<Launch> launches = new ArrayList<>();
      for (Instance inst : instances) {
        byGroup
            .computeIfAbsent(
                inst.deployment().name() + "/" + inst.label(), k -> groupLaunch.apply(inst))
            .ifPresent(group -> launches.add(new Launch(inst, group)));
      }
      return launches;
    }
  }

  /** One instance to launch and its group's launch. */
  record Launch(Instance instance, GroupLaunch group) {}

  public static Result of(Plan plan, int basePort) {
    List<Instance> instances = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, Integer> nextOnNode = new TreeMap<>();
    Set<String> usedGpus = new HashSet<>();
    for (PlanDeployment d : plan.deployments()) {
      List<String> labels = labels(d);
      for (int gi = 0; gi < d.groups().size(); gi++) {
        Group g = d.groups().get(gi);
        String where = "deployment '" + d.name() + "' group " + labels.get(gi);
        if (g.placement().size() != g.instances()) {
          errors.add(
              where
                  + " has "
                  + g.instances()
                  + " instances but "
                  + g.placement().size()
                  + " placements; emit needs a node and GPUs for every instance");
          continue;
        }
        for (Placement p : g.placement()) {
          if (!checkPlacement(where, g, p, usedGpus, errors)) {
            continue;
          }
          String nodeKey = g.pool() + "/" + p.stages().get(0).node();
          int slot = nextOnNode.merge(nodeKey, 1, Integer::sum) - 1;
          instances.add(
              new Instance(d, labels.get(gi), g, p.instance(), p.stages(), basePort + slot, slot));
        }
      }
    }
    return new Result(instances, errors);
  }

  private static boolean checkPlacement(
      String where, Group g, Placement p, Set<String> usedGpus, List<String> errors) {
    String inst = where + " instance " + p.instance();
    if (p.stages().size() != g.pp()) {
      errors.add(
          inst + " has " + p.stages().size() + " pipeline stages placed; expected pp=" + g.pp());
      return false;
    }
    for (Placement.Stage s : p.stages()) {
      if (s.gpus().size() != g.tp()) {
        errors.add(
            inst
                + " stage on node "
                + s.node()
                + " has "
                + s.gpus().size()
                + " GPUs; expected tp="
                + g.tp());
        return false;
      }
      for (int gpu : s.gpus()) {
        if (gpu < 0 || !usedGpus.add(g.pool() + "/" + s.node() + "/" + gpu)) {
          errors.add(
              inst
                  + " uses GPU "
                  + gpu
                  + " of pool '"
                  + g.pool()
                  + "' node "
                  + s.node()
                  + ", which is negative or already taken by another instance");
          return false;
        }
      }
    }
    return true;
  }

  /** Group labels by role, numbered only where a role repeats within the deployment. */
  static List<String> labels(PlanDeployment d) {
    Map<Role, Integer> counts = new TreeMap<>();
    for (Group g : d.groups()) {
      counts.merge(g.role(), 1, Integer::sum);
    }
    Map<Role, Integer> seen = new TreeMap<>();
    List<String> labels = new ArrayList<>();
    for (Group g : d.groups()) {
      int n = seen.merge(g.role(), 1, Integer::sum) - 1;
      labels.add(counts.get(g.role()) > 1 ? g.role().id() + n : g.role().id());
    }
    return labels;
  }
}
