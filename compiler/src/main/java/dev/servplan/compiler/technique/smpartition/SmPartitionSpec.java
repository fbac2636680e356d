package dev.servplan.compiler.technique.smpartition;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import java.util.Set;

/**
 * The spec side of SM partitioning between prefill and decode: a plain toggle, which cannot be
 * forced together with a technique whose forced cost terms the {@link Compatibility} table rules
 * out next to concurrent streams.
 */
public final class SmPartitionSpec implements TechniqueSpec {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  /**
   * SGLang PD multiplexing (--enable-pdmux, green-context SM groups); vLLM and TensorRT-LLM have no
   * way to run prefill and decode on separate SM partitions of one instance.
   */
  @Override
  public boolean runsOn(Engine engine) {
    return engine == Engine.SGLANG;
  }

  @Override
  public Set<CostTerm> forcedTerms() {
    return Set.of(CostTerm.SM_STREAMS);
  }

  /**
   * SM partitioning is planned only for instances without the techniques the compatibility table
   * rules out next to it (docs/techniques.md), so forcing both cannot give a plan (E0305).
   */
  @Override
  public void checkOptions(Options options, DiagnosticSink sink) {
    Val<Toggle> split = options.toggle(technique());
    if (split.value() != Toggle.ALWAYS) {
      return;
    }
    for (TechniqueSpec spec : TechniqueSpecs.all()) {
      Technique t = spec.technique();
      Val<Toggle> other = options.toggle(t);
      if (t != technique()
          && other.value() == Toggle.ALWAYS
          && Compatibility.conflict(forcedTerms(), spec.forcedTerms())) {
        sink.report(
            Diagnostic.of(
                    Code.E0305,
                    other.span(),
                    t.id()
                        + " always and "
                        + technique().id()
                        + " always: servplan does not partition the"
                        + " SMs of an instance that uses "
                        + t.title())
                .withRelated(new Related(split.span(), technique().id() + " is forced here"))
                .withHelp("set one of the two to auto"));
      }
    }
  }
}
