package dev.servplan.runtime.technique.expertoffload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A group's expert cache (P0107): only for MoE models, with fewer cached experts than each GPU
 * holds per layer, within the GPU's share of host DRAM.
 */
public final class ExpertOffloadCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    target
        .config()
        .ifPresent(c -> check(c, ((ExpertOffload) setting).cachedExperts(), target.path(), out));
  }

  private static void check(InstanceConfig config, int cached, String path, List<Violation> out) {
    String at = path + ".expert_offload.cached_experts";
    if (!config.model().isMoe()) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              at,
              "expert offload needs a mixture-of-experts model; '"
                  + config.model().id()
                  + "' is dense"));
      return;
    }
    int local = ExpertCache.localExperts(config);
    if (cached >= local) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              at,
              "cached_experts "
                  + cached
                  + " must be below the "
                  + local
                  + " routed experts each GPU holds per layer (experts / ep)"));
      return;
    }
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (link.isEmpty()) {
      return;
    }
    ExpertCache cache = ExpertCache.of(config, cached, link.get());
    Bytes share = HostOffload.hostShare(config.gpu());
    if (cache.hostBytes().bytes() > share.bytes()) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              at,
              "the "
                  + cache.hostBytes()
                  + " of uncached experts per GPU exceed the "
                  + share
                  + " of host memory per GPU"));
    }
  }
}
