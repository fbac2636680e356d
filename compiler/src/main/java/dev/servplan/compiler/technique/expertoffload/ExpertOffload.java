package dev.servplan.compiler.technique.expertoffload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.Optional;
import java.util.Set;

/**
 * A group's MoE expert offload: each GPU keeps {@code cachedExperts} of its routed experts per MoE
 * layer in GPU memory and loads the others from host memory when a token is routed to them. Absent
 * on a group that keeps every expert on the GPUs.
 */
public record ExpertOffload(int cachedExperts) implements TechniqueSetting {
  public ExpertOffload {
    if (cachedExperts < 0) {
      throw new IllegalArgumentException("cached experts must be >= 0, got " + cachedExperts);
    }
  }

  @Override
  public Technique technique() {
    return Technique.EXPERT_OFFLOAD;
  }

  @Override
  public Set<CostTerm> terms() {
    return Set.of(CostTerm.EXPERT_LOADS);
  }

  /** The group's expert cache, if it offloads experts. */
  public static Optional<ExpertOffload> of(Group group) {
    return group.techniques().get(Technique.EXPERT_OFFLOAD, ExpertOffload.class);
  }
}
