package dev.servplan.compiler.technique.expertoffload;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import java.util.List;
import java.util.Set;

/**
 * The spec side of MoE expert offload: a plain toggle, and the warning when it is forced on a spec
 * without a mixture-of-experts model.
 */
public final class ExpertOffloadSpec implements TechniqueSpec {
  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  /**
   * No engine serves part of a layer's experts from host memory behind a GPU cache: vLLM, SGLang
   * and TensorRT-LLM keep a layer's experts in one fused tensor (docs/emit.md).
   */
  @Override
  public boolean runsOn(Engine engine) {
    return false;
  }

  @Override
  public Set<CostTerm> forcedTerms() {
    return Set.of(CostTerm.EXPERT_LOADS);
  }

  /** W0004 when expert offload is forced but every deployment serves a dense model. */
  @Override
  public void checkSpec(Spec spec, List<ResolvedDeployment> deployments, DiagnosticSink sink) {
    Val<Toggle> expert = spec.options().toggle(Technique.EXPERT_OFFLOAD);
    if (expert.value() == Toggle.ALWAYS
        && Technique.EXPERT_OFFLOAD.modelled()
        && !deployments.isEmpty()
        && deployments.stream().noneMatch(d -> d.model().isMoe())) {
      sink.report(
          Diagnostic.of(
                  Code.W0004,
                  expert.span(),
                  "expert_offload always: no deployment serves a mixture-of-experts model, so no"
                      + " plan can offload experts")
              .withHelp("serve an MoE model (e.g. mixtral-8x7b) or remove the option"));
    }
  }
}
