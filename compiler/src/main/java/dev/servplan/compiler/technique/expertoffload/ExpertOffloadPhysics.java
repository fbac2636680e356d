package dev.servplan.compiler.technique.expertoffload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.technique.offload.HostOffload;
import java.util.List;

/** A group's expert cache over the GPU's host link. */
public final class ExpertOffloadPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    ExpertOffload x = (ExpertOffload) setting;
    if (!target.config().model().isMoe()
        || x.cachedExperts() >= ExpertCache.localExperts(target.config())) {
      problems.add(
          "expert_offload: "
              + x.cachedExperts()
              + " cached experts do not fit model '"
              + target.config().model().id()
              + "' at ep "
              + target.config().ep());
      return List.of();
    }
    return HostOffload.hostLink(target.config().gpu())
        .<List<InstanceTerm>>map(
            link -> List.of(ExpertCache.of(target.config(), x.cachedExperts(), link)))
        .orElseGet(
            () -> {
              problems.add(
                  "expert_offload: gpu '" + target.config().gpu().id() + "' has no host link");
              return List.of();
            });
  }
}
