package dev.servplan.solver.technique.kvcompression;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.kvcompression.KvEvictionBudget;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
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
public final class KvCompressionChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  /** The allowed compressed KV formats, on every parallelism and weight precision of the pool. */
  @Override
  public List<InstanceConfig> configs(
      ResolvedDeployment d, ResolvedPool pool, Options options, List<InstanceConfig> base) {
    List<Dtype> extra = new ArrayList<>();
    for (Dtype f : KvCompressionSpec.formats(options)) {
      if (!d.kvDtypes().contains(f)) {
        extra.add(f);
      }
    }
    if (extra.isEmpty()) {
      return List.of();
    }
    // One config per (parallelism, weights) of the base list, in each extra format.
    Set<InstanceConfig> shapes = new LinkedHashSet<>();
    for (InstanceConfig c : base) {
      shapes.add(c.withKvDtype(d.kvDtypes().get(0)));
    }
    List<InstanceConfig> out = new ArrayList<>();
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

  /**
   * A configuration in a compressed format records it; each budget of {@link #budgets} is tried,
   * the budget as the instance's eviction term.
   */
  @Override
  public List<Draft> choices(Draft d) {
    Optional<Dtype> compressed = compressedFormat(d.deployment(), d.config());
    List<Draft> out = new ArrayList<>();
    for (OptionalLong budget : budgets(d.role(), d.needTokens(), compressed, d.options())) {
      Optional<KvCompressionSetting> setting = setting(compressed, budget);
      if (setting.isEmpty()) {
        out.add(d);
      } else if (budget.isPresent()) {
        out.add(d.with(setting.get(), new KvEvictionBudget(budget.getAsLong())));
      } else {
        out.add(d.with(setting.get()));
      }
    }
    return out;
  }

  /**
   * How lossy a setting is, for the tie-break of the least lossy plan: the compressed formats by
   * precision (8-bit, int4, int2), and every setting with eviction after every setting without
   * (eviction drops tokens for good, while KIVI keeps all of them at lower precision).
   */
  @Override
  public int lossiness(TechniqueSetting setting) {
    KvCompressionSetting kc = (KvCompressionSetting) setting;
    int quantization =
        kc.dtype().map(dt -> dt.bytesPerElement() >= 1 ? 1 : dt == Dtype.INT4 ? 2 : 3).orElse(0);
    return (kc.evictionBudget().isPresent() ? 4 : 0) + quantization;
  }

  /** The compressed KV format of a config: its KV dtype when the deployment does not list it. */
  public static Optional<Dtype> compressedFormat(ResolvedDeployment d, InstanceConfig config) {
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
  public static List<OptionalLong> budgets(
      Role role, double neededTokens, Optional<Dtype> compressedKv, Options options) {
    OptionalLong budget = KvCompressionSpec.evictionBudget(options);
    if (role == Role.PREFILL || budget.isEmpty() || budget.getAsLong() >= neededTokens) {
      return List.of(OptionalLong.empty());
    }
    return List.of(OptionalLong.empty(), budget);
  }

  /** The plan setting for a compressed format and a budget, absent when neither is used. */
  public static Optional<KvCompressionSetting> setting(
      Optional<Dtype> compressedKv, OptionalLong budget) {
    if (compressedKv.isEmpty() && budget.isEmpty()) {
      return Optional.empty();
    }
    Optional<Integer> b =
        budget.isPresent() ? Optional.of((int) budget.getAsLong()) : Optional.empty();
    return Optional.of(new KvCompressionSetting(compressedKv, b));
  }
}
