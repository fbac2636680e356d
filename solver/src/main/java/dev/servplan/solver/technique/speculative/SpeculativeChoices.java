package dev.servplan.solver.technique.speculative;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.compiler.technique.speculative.Speculative;
import dev.servplan.compiler.technique.speculative.SpeculativeSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.technique.speculative.SpeculativeStep;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.List;
import java.util.Optional;

/**
 * Speculative decoding in the search: with and without the deployment's draft under {@code auto},
 * only with under {@code always}, only without under {@code never} or without a draft. Prefill
 * instances do not decode, and servplan speculates only without pipeline parallelism (the draft
 * runs on the same tensor-parallel group as the target).
 */
public final class SpeculativeChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public List<Draft> choices(Draft d) {
    if (d.role() == Role.PREFILL
        || SpeculativeSpec.draft(d.deployment()).isEmpty()
        || d.config().pp() > 1
        || d.options().effective(Technique.SPECULATIVE_DECODING) == Toggle.NEVER) {
      return List.of(d);
    }
    Optional<SpeculativeStep> step = step(d.deployment(), d.config());
    boolean always = d.options().effective(Technique.SPECULATIVE_DECODING) == Toggle.ALWAYS;
    if (step.isEmpty()) {
      return always ? List.of() : List.of(d);
    }
    SpeculativeStep s = step.get();
    Draft on = d.with(new Speculation(s.draft().model().id(), s.tokens(), s.acceptance()), s);
    return always ? List.of(on) : List.of(d, on);
  }

  /** The deployment's speculative step on this configuration, if its draft can run there. */
  public static Optional<SpeculativeStep> step(ResolvedDeployment d, InstanceConfig config) {
    if (SpeculativeSpec.draft(d).isEmpty() || Speculative.of(d.deployment()).isEmpty()) {
      return Optional.empty();
    }
    Speculative spec = Speculative.of(d.deployment()).get();
    ModelArch draft = SpeculativeSpec.draft(d).get();
    InstanceConfig draftConfig = SpeculativeStep.draftConfig(draft, config);
    if (!draftConfig.problems().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SpeculativeStep(draftConfig, spec.acceptance().value().value(), spec.tokens().value()));
  }
}
