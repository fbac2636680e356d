package dev.servplan.runtime.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front end of one deployment's entry (or decode) instances, in two levels: a group is chosen
 * by smooth weighted round-robin on the groups' shares of the plan's capacity (each group's {@code
 * rate_per_instance × instances}, the split the solver predicts every group at and the plan states
 * for the router in front), then an instance within the group by the {@link RouterPolicy}. Routing
 * by load across groups of different sizes or batch limits would send each group a share that
 * depends on its latency, not its capacity, and no longer match the prediction (docs/simulator.md,
 * "Routing"). Deterministic: no random draws.
 */
final class GroupRouter {
  private final Instance[][] groups;
  private final double[] weights;
  private final double total;
  private final double[] current;
  private final int[] cursors;
  private final RouterPolicy policy;

  /** {@code instances} in the order they were created; grouped by their {@link SimGroup}. */
  GroupRouter(List<Instance> instances, RouterPolicy policy) {
    Map<SimGroup, List<Instance>> byGroup = new LinkedHashMap<>();
    for (Instance i : instances) {
      byGroup.computeIfAbsent(i.group, g -> new ArrayList<>()).add(i);
    }
    int n = byGroup.size();
    groups = new Instance[n][];
    weights = new double[n];
    double sum = 0;
    int k = 0;
    for (Map.Entry<SimGroup, List<Instance>> e : byGroup.entrySet()) {
      groups[k] = e.getValue().toArray(new Instance[0]);
      weights[k] = e.getKey().routingWeight() * groups[k].length;
      sum += weights[k];
      k++;
    }
    total = sum;
    current = new double[n];
    cursors = new int[n];
    this.policy = policy;
  }

  boolean isEmpty() {
    return groups.length == 0;
  }

  /** The instance the next request goes to. */
  Instance next() {
    int g = 0;
    if (groups.length > 1) {
      // Smooth weighted round-robin (as nginx's upstream balancing): every group gains its weight,
      // the richest is chosen and pays the total, so group g gets weights[g] / total of requests,
      // evenly spread.
      for (int k = 0; k < groups.length; k++) {
        current[k] += weights[k];
        if (current[k] > current[g]) {
          g = k;
        }
      }
      current[g] -= total;
    }
    Instance[] replicas = groups[g];
    int start = cursors[g];
    Instance chosen = replicas[start];
    if (policy == RouterPolicy.LEAST_LOADED) {
      for (int k = 1; k < replicas.length; k++) {
        Instance candidate = replicas[(start + k) % replicas.length];
        if (candidate.load() < chosen.load()) {
          chosen = candidate;
        }
      }
    }
    cursors[g] = (start + 1) % replicas.length;
    return chosen;
  }
}
