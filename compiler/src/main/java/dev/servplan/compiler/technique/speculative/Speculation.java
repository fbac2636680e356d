package dev.servplan.compiler.technique.speculative;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A group's speculative-decoding setting: the catalog id of the draft model, the draft tokens per
 * step k, and the per-token acceptance probability α the plan was costed with (0 < α < 1).
 */
public record Speculation(String draft, int tokens, double acceptance) implements TechniqueSetting {
  public Speculation {
    Objects.requireNonNull(draft, "draft");
    if (tokens < 1) {
      throw new IllegalArgumentException("draft tokens must be >= 1, got " + tokens);
    }
    if (!(acceptance > 0 && acceptance < 1)) {
      throw new IllegalArgumentException("acceptance must be in (0, 1), got " + acceptance);
    }
  }

  /** Expected tokens per step, (1 − α^(k+1)) / (1 − α) (Leviathan et al. 2023). */
  public double expectedTokens() {
    return (1 - Math.pow(acceptance, tokens + 1)) / (1 - acceptance);
  }

  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public Set<CostTerm> terms() {
    return Set.of(CostTerm.MULTI_PASS_STEP);
  }

  /** The group's speculative-decoding setting, if it speculates. */
  public static Optional<Speculation> of(Group group) {
    return group.techniques().get(Technique.SPECULATIVE_DECODING, Speculation.class);
  }
}
