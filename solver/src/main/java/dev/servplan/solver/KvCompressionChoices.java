package dev.servplan.solver;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.InstanceConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The kv_compression settings the solver evaluates (docs/techniques.md, "KV-cache compression"):
 * every KV format the deployment lists plus each compressed format the spec's tolerance allows and
 * the target engine runs ({@link KvCompressionSpec#formats(Options)}), each with and without the
 * eviction budget ({@link KvCompressionSpec#evictionBudget(Options)}). Nothing beyond the listed
 * formats is tried unless the spec states a tolerance.
 */
final class KvCompressionChoices {
  private KvCompressionChoices() {}

  /**
   * {@link CandidateEnumerator#configs} with the allowed compressed KV formats added after the
   * deployment's own.
   */
  static List<InstanceConfig> configs(ResolvedDeployment d, ResolvedPool pool, Options options) {
    List<Dtype> extra = new ArrayList<>();
    for (Dtype f : KvCompressionSpec.formats(options)) {
      if (!d.kvDtypes().contains(f)) {
        extra.add(f);
      }
    }
    List<InstanceConfig> base = CandidateEnumerator.configs(d, pool, options);
    if (extra.isEmpty()) {
      return base;
    }
    // One config per (parallelism, weights) of the base list, in each extra format.
    Set<InstanceConfig> shapes = new LinkedHashSet<>();
    for (InstanceConfig c : base) {
      shapes.add(c.withKvDtype(d.kvDtypes().get(0)));
    }
    List<InstanceConfig> out = new ArrayList<>(base);
    for (InstanceConfig shape : shapes) {
      for (Dtype f : extra) {
        InstanceConfig c = shape.withKvDtype(f);
        if (c.problems().isEmpty()) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** The compressed KV format of a config: its KV dtype when the deployment does not list it. */
  static Optional<Dtype> compressedFormat(ResolvedDeployment d, InstanceConfig config) {
    return d.kvDtypes().contains(config.kvDtype())
        ? Optional.empty()
        : Optional.of(config.kvDtype());
  }

  /**
   * The budgets to try for an instance: none, and the spec's eviction budget on unified and decode
   * instances when it is below the longest context the instance must hold (at or above it the
   * budget evicts nothing and the candidate would repeat the one without). Prefill instances keep
   * the whole prompt, which they hand on.
   */
  static List<OptionalLong> budgets(
      Role role, double neededTokens, Optional<Dtype> compressedKv, Options options) {
    OptionalLong budget = KvCompressionSpec.evictionBudget(options);
    if (role == Role.PREFILL || budget.isEmpty() || budget.getAsLong() >= neededTokens) {
      return List.of(OptionalLong.empty());
    }
    return List.of(OptionalLong.empty(), budget);
  }

  /** The tokens one request must be able to hold, under the budget when eviction is allowed. */
  static double neededTokens(double neededTokens, Options options) {
    OptionalLong budget = KvCompressionSpec.evictionBudget(options);
    return budget.isPresent() ? Math.min(neededTokens, budget.getAsLong()) : neededTokens;
  }

  /** The plan setting for a compressed format and a budget, absent when neither is used. */
  static Optional<KvCompressionSetting> setting(Optional<Dtype> compressedKv, OptionalLong budget) {
    if (compressedKv.isEmpty() && budget.isEmpty()) {
      return Optional.empty();
    }
    Optional<Integer> b =
        budget.isPresent() ? Optional.of((int) budget.getAsLong()) : Optional.empty();
    return Optional.of(new KvCompressionSetting(compressedKv, b));
  }

  /**
   * How lossy a candidate's compression is, for the tie-break of {@link #leastLossy}: 0 without
   * compression, then the compressed formats by precision (8-bit, int4, int2), and every setting
   * with eviction after every setting without (eviction drops tokens for good, while KIVI keeps all
   * of them at lower precision).
   */
  static int lossiness(Candidate c) {
    if (c.kvCompression().isEmpty()) {
      return 0;
    }
    KvCompressionSetting kc = c.kvCompression().get();
    int quantization =
        kc.dtype().map(d -> d.bytesPerElement() >= 1 ? 1 : d == Dtype.INT4 ? 2 : 3).orElse(0);
    return (kc.evictionBudget().isPresent() ? 4 : 0) + quantization;
  }

  /** A program and its solution. */
  record Solved(Program program, Backend.Outcome outcome) {}

  /**
   * The solution of {@code first} if it uses no compression, else the solution of the least lossy
   * subset of candidates (by {@link #lossiness}, level by level) that reaches the same cost. Only
   * for minimize-cost programs: compression is never used where it does not lower the cost.
   */
  static Solved leastLossy(
      Program first,
      Backend.Outcome outcome,
      Function<List<Candidate>, Program> build,
      Function<Program, Backend.Outcome> solve) {
    if (first.objective != Objective.MINIMIZE_COST || outcome.assignment().isEmpty()) {
      return new Solved(first, outcome);
    }
    Assignment a = outcome.assignment().get();
    int used = 0;
    for (int i = 0; i < first.vars.size(); i++) {
      if (a.counts()[i] > 0) {
        used = Math.max(used, lossiness(first.vars.get(i)));
      }
    }
    TreeSet<Integer> levels = new TreeSet<>();
    for (Candidate c : first.vars) {
      levels.add(lossiness(c));
    }
    for (int level : levels.headSet(used)) {
      List<Candidate> subset = first.vars.stream().filter(c -> lossiness(c) <= level).toList();
      Program p = build.apply(subset);
      Backend.Outcome o = solve.apply(p);
      if (o.assignment().isPresent() && o.assignment().get().cost() <= a.cost()) {
        return new Solved(p, o);
      }
    }
    return new Solved(first, outcome);
  }
}
