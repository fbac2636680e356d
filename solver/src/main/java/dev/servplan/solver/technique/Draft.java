package dev.servplan.solver.technique;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.solver.Demand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A solver candidate under construction: one configuration of a deployment on a pool, in a role, at
 * a chunk budget, with the technique settings and instance terms chosen so far and the demand its
 * instances see. Each technique's {@link TechniqueChoices} turns a draft into the drafts it tries;
 * the enumerator evaluates the complete ones.
 *
 * @param natural one GPU's memory of the configuration at the chunk budget, before any technique
 * @param demand the demand as the draft's instances see it
 * @param cachedDemand the same demand as an instance that reuses the cached prefix sees it
 * @param needTokens prompt plus output tokens of a tail (p99) request, which the KV cache must hold
 */
public record Draft(
    ResolvedDeployment deployment,
    Options options,
    ResolvedPool pool,
    InstanceConfig config,
    Role role,
    int chunk,
    MemoryOptions memoryOptions,
    MemoryEstimate natural,
    Demand demand,
    Demand cachedDemand,
    double needTokens,
    TechniqueSettings settings,
    List<InstanceTerm> terms) {
  public Draft {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(memoryOptions, "memoryOptions");
    Objects.requireNonNull(natural, "natural");
    Objects.requireNonNull(demand, "demand");
    Objects.requireNonNull(cachedDemand, "cachedDemand");
    Objects.requireNonNull(settings, "settings");
    terms = List.copyOf(terms);
  }

  /** This draft with a technique's setting and the instance terms it brings. */
  public Draft with(TechniqueSetting setting, InstanceTerm... newTerms) {
    List<InstanceTerm> all = new ArrayList<>(terms);
    all.addAll(List.of(newTerms));
    return new Draft(
        deployment,
        options,
        pool,
        config,
        role,
        chunk,
        memoryOptions,
        natural,
        demand,
        cachedDemand,
        needTokens,
        settings.with(setting),
        all);
  }

  /** This draft with its instances seeing {@code newDemand}. */
  public Draft withDemand(Demand newDemand) {
    return new Draft(
        deployment,
        options,
        pool,
        config,
        role,
        chunk,
        memoryOptions,
        natural,
        newDemand,
        cachedDemand,
        needTokens,
        settings,
        terms);
  }
}
