package dev.servplan.runtime.technique.expertoffload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.expertoffload.ExpertCache;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.ExplainStep;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.Optional;

/**
 * With MoE experts served from host memory: the cache size, and the expected expert loads and their
 * transfer time for one decode token, a full decode batch and a full prefill chunk.
 */
public final class ExpertOffloadExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public void afterPrefillChunk(ExplainStep step, StringBuilder out) {
    Group g = step.group();
    if (ExpertOffload.of(g).isEmpty()) {
      return;
    }
    InstanceConfig config = step.config();
    int seqs = step.seqs();
    int cached = ExpertOffload.of(g).get().cachedExperts();
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (!config.model().isMoe() || cached >= ExpertCache.localExperts(config) || link.isEmpty()) {
      out.append("    expert offload: ")
          .append(cached)
          .append(" experts cached per layer, which this model, ep or host tier cannot cost\n");
      return;
    }
    ExpertCache cache = ExpertCache.of(config, cached, link.get());
    out.append("    expert offload: ")
        .append(cached)
        .append(" of ")
        .append(ExpertCache.localExperts(config))
        .append(" routed experts per layer stay on each GPU, ")
        .append(cache.hostBytes())
        .append(" of experts per GPU in host memory; under uniform top-")
        .append(config.model().expertsPerToken())
        .append(" routing an iteration loads, per layer, over ")
        .append(link.get().id())
        .append(":\n");
    int[] tokens = {1, seqs, g.maxNumBatchedTokens()};
    String[] what = {"1 decode token", seqs + " decode tokens", "a full prefill chunk"};
    for (int i = 0; i < tokens.length; i++) {
      if (i == 1 && seqs <= 1) {
        continue;
      }
      out.append("      ")
          .append(what[i])
          .append(": ")
          .append(Quantities.formatNumber(Math.round(cache.expectedLoads(tokens[i]) * 100) / 100.0))
          .append(" experts, +")
          .append(Duration.ofSeconds(cache.transferSeconds(tokens[i])))
          .append(" per iteration\n");
    }
  }
}
