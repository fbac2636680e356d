package dev.servplan.runtime.technique.expertoffload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.expertoffload.ExpertOffload;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import java.util.List;

/**
 * MoE expert offload runs on no engine: none of vLLM, SGLang or TensorRT-LLM serves some experts of
 * a layer from host memory behind a GPU cache (they store a layer's experts as one fused tensor;
 * docs/emit.md), so every engine refuses a group that offloads experts.
 */
public final class ExpertOffloadFlags implements EngineFlags {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public List<String> refusals(EngineGroup group) {
    return ExpertOffload.of(group.group())
        .map(
            x ->
                List.of(
                    group.where()
                        + "the plan serves MoE experts from host memory with "
                        + x.cachedExperts()
                        + " cached per layer on each GPU (expert offload), which "
                        + group.engine().title()
                        + " cannot do; recompile with --option engine="
                        + group.engine().id()
                        + " or --option expert_offload=never"))
        .orElse(List.of());
  }
}
