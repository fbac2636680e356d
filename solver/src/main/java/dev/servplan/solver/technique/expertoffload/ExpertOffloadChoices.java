package dev.servplan.solver.technique.expertoffload;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.solver.Demand;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The MoE expert-cache sizes the solver tries for one configuration (docs/techniques.md, "MoE
 * expert offload"): for an MoE model under {@code auto} or {@code always}, caches of 7/8, 3/4, 1/2
 * and 1/4 of the experts each GPU holds per layer (distinct, at least one expert offloaded), each
 * within the GPU's share of host memory and skipped when loading one decode token's missed experts
 * alone exceeds a TPOT limit. The cache size competes with the expert-parallel degrees of {@code
 * CandidateEnumerator.configs}, each of which gets its own choices.
 */
public final class ExpertOffloadChoices implements TechniqueChoices {
  /** Shares of the local experts kept cached per layer. */
  static final double[] CACHE_SHARES = {7.0 / 8, 3.0 / 4, 1.0 / 2, 1.0 / 4};

  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public boolean relievesMemory() {
    return true;
  }

  /** Every candidate unchanged unless the option forces an MoE model to offload; the caches. */
  @Override
  public List<Draft> choices(Draft d) {
    List<Draft> out = new ArrayList<>();
    if (!forced(d.config(), d.options())) {
      out.add(d);
    }
    for (ExpertCache cache : of(d.config(), d.demand(), d.options())) {
      out.add(d.with(new ExpertOffload(cache.cached()), cache));
    }
    return out;
  }

  /** Whether the option forces every candidate of an MoE model to offload experts. */
  static boolean forced(InstanceConfig config, Options options) {
    return config.model().isMoe() && options.effective(Technique.EXPERT_OFFLOAD) == Toggle.ALWAYS;
  }

  static List<ExpertCache> of(InstanceConfig config, Demand demand, Options options) {
    if (!config.model().isMoe() || options.effective(Technique.EXPERT_OFFLOAD) == Toggle.NEVER) {
      return List.of();
    }
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (link.isEmpty()) {
      return List.of();
    }
    double tpotLimit = Double.POSITIVE_INFINITY;
    for (Demand.Limit l : demand.limits) {
      if (l.metric() == Slo.Metric.TPOT) {
        tpotLimit = Math.min(tpotLimit, l.limitS());
      }
    }
    int local = ExpertCache.localExperts(config);
    TreeSet<Integer> sizes = new TreeSet<>();
    for (double share : CACHE_SHARES) {
      sizes.add(Math.min(local - 1, (int) Math.floor(local * share)));
    }
    double hostShare = HostOffload.hostShare(config.gpu()).bytes();
    List<ExpertCache> out = new ArrayList<>();
    for (int cached : sizes.descendingSet()) {
      if (cached < 0) {
        continue;
      }
      ExpertCache cache = ExpertCache.of(config, cached, link.get());
      if (cache.hostBytes().bytes() > hostShare || cache.transferSeconds(1) > tpotLimit) {
        continue;
      }
      out.add(cache);
    }
    return out;
  }
}
