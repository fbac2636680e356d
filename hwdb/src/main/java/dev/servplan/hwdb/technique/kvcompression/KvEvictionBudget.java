package dev.servplan.hwdb.technique.kvcompression;

import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * kv_compression's eviction budget as a term of the instance model: each request keeps (and its
 * attention reads) at most {@code tokens} KV tokens, H2O's heavy hitters and a recent window
 * (docs/techniques.md, "KV-cache compression"). The compressed KV format is part of the
 * configuration ({@code InstanceConfig.kvDtype}), not of this term.
 */
public record KvEvictionBudget(long tokens) implements InstanceTerm {
  public KvEvictionBudget {
    if (tokens < 1) {
      throw new IllegalArgumentException("eviction budget must be >= 1 token, got " + tokens);
    }
  }

  /** The term for an optional budget. */
  public static Optional<KvEvictionBudget> of(OptionalLong budget) {
    return budget.isPresent()
        ? Optional.of(new KvEvictionBudget(budget.getAsLong()))
        : Optional.empty();
  }

  @Override
  public int order() {
    return 50;
  }

  @Override
  public double keptLimit() {
    return tokens;
  }
}
