package dev.servplan.solver;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.KvCompressionSetting;
import dev.servplan.compiler.plan.Role;
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

/**
 * The kv_compression settings the solver evaluates (docs/techniques.md, "KV-cache compression"):
 * every KV format the deployment lists plus each compressed format the spec's tolerance allows and
 * the target engine runs ({@link Options#kvCompressionFormats()}), each with and without the
 * eviction budget ({@link Options#kvEvictionBudget()}). Nothing beyond the listed formats is tried
 * unless the spec states a tolerance.
 */
final class KvCompressionChoices {
  private KvCompressionChoices() {}

  /**
   * {@link CandidateEnumerator#configs} with the allowed compressed KV formats added after the
   * deployment's own.
   */
  static List<InstanceConfig> configs(ResolvedDeployment d, ResolvedPool pool, Options options) {
    List<Dtype> extra = new ArrayList<>();
    for (Dtype f : options.kvCompressionFormats()) {
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
    OptionalLong budget = options.kvEvictionBudget();
    if (role == Role.PREFILL || budget.isEmpty() || budget.getAsLong() >= neededTokens) {
      return List.of(OptionalLong.empty());
    }
    return List.of(OptionalLong.empty(), budget);
  }

  /** The tokens one request must be able to hold, under the budget when eviction is allowed. */
  static double neededTokens(double neededTokens, Options options) {
    OptionalLong budget = options.kvEvictionBudget();
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
}
