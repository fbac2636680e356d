package dev.servplan.runtime.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The front end of one deployment's entry (or decode) instances, in two levels: a group is drawn at
 * random in proportion to its share of the plan's capacity (each group's {@code rate_per_instance ×
 * instances}, the split the solver predicts every group at and the plan states for the router in
 * front), as a weighted route does (Envoy's weighted clusters, the Gateway API's weighted
 * backends); then an instance within the group by the {@link RouterPolicy}. Routing by load across
 * groups of different sizes or batch limits would send each group a share that depends on its
 * latency, not its capacity, and no longer match the prediction; a deterministic rotation would
 * smooth each group's arrivals below the burstiness the solver costs (docs/simulator.md,
 * "Routing"). The draws come from a stream of their own, so a seed fixes them.
 */
final class GroupRouter {
  private final Instance[][] groups;
  private final double[] weights;
  private final double total;
  private final int[] cursors;
  private final RouterPolicy policy;
  private final SplittableRandom rng;

  /**
   * {@code instances} in the order they were created, grouped by their {@link SimGroup}; {@code
   * seed} drives the group draws.
   */
  GroupRouter(List<Instance> instances, RouterPolicy policy, long seed) {
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
    cursors = new int[n];
    this.policy = policy;
    this.rng = new SplittableRandom(seed);
  }

  boolean isEmpty() {
    return groups.length == 0;
  }

  /** The instance the next request goes to. */
  Instance next() {
    int g = 0;
    if (groups.length > 1) {
      double u = rng.nextDouble() * total;
      while (g < groups.length - 1 && u >= weights[g]) {
        u -= weights[g];
        g++;
      }
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
