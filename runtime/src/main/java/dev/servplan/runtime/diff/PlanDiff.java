package dev.servplan.runtime.diff;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Predicted;
import dev.servplan.hwdb.unit.Quantities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed between two plans: cost, and per deployment the groups added, removed or changed and
 * the predicted latency and attainment deltas. Groups are matched by (deployment, role, pool, gpu),
 * in plan order, so a changed tp shows as a change and a move to another pool as remove plus add.
 */
public record PlanDiff(
    double oldCostPerHour, double newCostPerHour, List<DeploymentDiff> deployments) {
  public PlanDiff {
    deployments = List.copyOf(deployments);
  }

  public double costDelta() {
    return newCostPerHour - oldCostPerHour;
  }

  /** Relative cost change; empty when the old plan cost nothing. */
  public Optional<Double> costDeltaFraction() {
    return oldCostPerHour == 0 ? Optional.empty() : Optional.of(costDelta() / oldCostPerHour);
  }

  public boolean unchanged() {
    return costDelta() == 0 && deployments.stream().allMatch(DeploymentDiff::unchanged);
  }

  /** One deployment: present in old, new or both. */
  public record DeploymentDiff(
      String name,
      Optional<Predicted> before,
      Optional<Predicted> after,
      List<GroupChange> groups) {
    public DeploymentDiff {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      groups = List.copyOf(groups);
    }

    public boolean unchanged() {
      return before.equals(after) && groups.stream().allMatch(g -> g.kind() == ChangeKind.SAME);
    }
  }

  /** How a group differs. */
  public enum ChangeKind {
    ADDED,
    REMOVED,
    CHANGED,
    SAME
  }

  /** A group in either plan, with the fields that changed as "field: old -> new" strings. */
  public record GroupChange(
      ChangeKind kind,
      String role,
      String pool,
      String gpu,
      Optional<Group> before,
      Optional<Group> after,
      List<String> fields) {
    public GroupChange {
      Objects.requireNonNull(kind, "kind");
      fields = List.copyOf(fields);
    }
  }

  public static PlanDiff between(Plan oldPlan, Plan newPlan) {
    Map<String, PlanDeployment> olds = new LinkedHashMap<>();
    oldPlan.deployments().forEach(d -> olds.put(d.name(), d));
    Map<String, PlanDeployment> news = new LinkedHashMap<>();
    newPlan.deployments().forEach(d -> news.put(d.name(), d));
    List<String> names = new ArrayList<>(olds.keySet());
    news.keySet().stream().filter(n -> !olds.containsKey(n)).forEach(names::add);
    List<DeploymentDiff> out = new ArrayList<>();
    for (String name : names) {
      PlanDeployment a = olds.get(name);
      PlanDeployment b = news.get(name);
      out.add(
          new DeploymentDiff(
              name,
              Optional.ofNullable(a).map(PlanDeployment::predicted),
              Optional.ofNullable(b).map(PlanDeployment::predicted),
              groups(a == null ? List.of() : a.groups(), b == null ? List.of() : b.groups())));
    }
    return new PlanDiff(
        oldPlan.costPerHour().dollarsPerHour(), newPlan.costPerHour().dollarsPerHour(), out);
  }

  private static String key(Group g) {
    return g.role().id() + "|" + g.pool() + "|" + g.gpu();
  }

  private static List<GroupChange> groups(List<Group> olds, List<Group> news) {
    List<GroupChange> out = new ArrayList<>();
    List<Group> unmatched = new ArrayList<>(news);
    for (Group a : olds) {
      Optional<Group> b = unmatched.stream().filter(g -> key(g).equals(key(a))).findFirst();
      if (b.isPresent()) {
        unmatched.remove(b.get());
        List<String> fields = fields(a, b.get());
        out.add(
            new GroupChange(
                fields.isEmpty() ? ChangeKind.SAME : ChangeKind.CHANGED,
                a.role().id(),
                a.pool(),
                a.gpu(),
                Optional.of(a),
                b,
                fields));
      } else {
        out.add(
            new GroupChange(
                ChangeKind.REMOVED,
                a.role().id(),
                a.pool(),
                a.gpu(),
                Optional.of(a),
                Optional.empty(),
                List.of()));
      }
    }
    for (Group b : unmatched) {
      out.add(
          new GroupChange(
              ChangeKind.ADDED,
              b.role().id(),
              b.pool(),
              b.gpu(),
              Optional.empty(),
              Optional.of(b),
              List.of()));
    }
    return out;
  }

  private static List<String> fields(Group a, Group b) {
    List<String> f = new ArrayList<>();
    field(f, "instances", a.instances(), b.instances());
    field(f, "tp", a.tp(), b.tp());
    field(f, "pp", a.pp(), b.pp());
    field(f, "ep", a.ep(), b.ep());
    field(f, "gpus", a.totalGpus(), b.totalGpus());
    field(f, "weights", a.weights().id(), b.weights().id());
    field(f, "kv_dtype", a.kvDtype().id(), b.kvDtype().id());
    field(f, "max_num_seqs", a.maxNumSeqs(), b.maxNumSeqs());
    field(f, "max_num_batched_tokens", a.maxNumBatchedTokens(), b.maxNumBatchedTokens());
    field(
        f,
        "price_per_gpu_hour",
        a.pricePerGpuHour().dollarsPerHour(),
        b.pricePerGpuHour().dollarsPerHour());
    if (!a.placement().equals(b.placement())) {
      f.add("placement: moved");
    }
    return f;
  }

  private static void field(List<String> out, String name, Object a, Object b) {
    if (!a.equals(b)) {
      out.add(name + ": " + format(a) + " -> " + format(b));
    }
  }

  private static String format(Object o) {
    return o instanceof Double ? Quantities.formatNumber((Double) o) : o.toString();
  }
}
