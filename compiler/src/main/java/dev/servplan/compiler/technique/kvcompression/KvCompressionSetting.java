package dev.servplan.compiler.technique.kvcompression;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A group's lossy KV-cache compression (kv_compression, docs/techniques.md): the compressed KV
 * format it uses beyond the spec's {@code precision.kv_cache} (equal to the group's {@code
 * kv_dtype}), and the most KV tokens a request keeps under eviction. At least one is present.
 */
public record KvCompressionSetting(Optional<Dtype> dtype, Optional<Integer> evictionBudget)
    implements TechniqueSetting {
  public KvCompressionSetting {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(evictionBudget, "evictionBudget");
    if (dtype.isEmpty() && evictionBudget.isEmpty()) {
      throw new IllegalArgumentException("kv_compression needs a dtype or an eviction budget");
    }
    if (evictionBudget.isPresent() && evictionBudget.get() < 1) {
      throw new IllegalArgumentException("eviction budget must be >= 1, got " + evictionBudget);
    }
  }

  /** The eviction budget as the cost model takes it. */
  public OptionalLong budget() {
    return evictionBudget.map(b -> OptionalLong.of(b)).orElse(OptionalLong.empty());
  }

  /** A short text: {@code int4 kv, eviction budget 2048 tokens}. */
  public String text() {
    StringBuilder out = new StringBuilder();
    dtype.ifPresent(d -> out.append(d.id()).append(" kv"));
    evictionBudget.ifPresent(
        b -> out.append(out.length() > 0 ? ", " : "").append("eviction budget ").append(b));
    return out.toString();
  }

  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  /** An eviction budget changes what attention reads; a compressed format only the KV bytes. */
  @Override
  public Set<CostTerm> terms() {
    return evictionBudget.isPresent() ? Set.of(CostTerm.KV_EVICTION) : Set.of();
  }

  /** The group's lossy KV compression, if it compresses. */
  public static Optional<KvCompressionSetting> of(Group group) {
    return group.techniques().get(Technique.KV_COMPRESSION, KvCompressionSetting.class);
  }
}
