package dev.servplan.compiler.plan;

import java.util.Objects;

/**
 * A group's speculative-decoding setting: the catalog id of the draft model, the draft tokens per
 * step k, and the per-token acceptance probability α the plan was costed with (0 < α < 1).
 */
public record Speculation(String draft, int tokens, double acceptance) {
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
}
