package dev.servplan.compiler.technique.lora;

import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A family of LoRA adapters a deployment serves on its base model (S-LoRA, Sheng et al. 2024):
 * {@code count} adapters of rank {@code rank} that together receive {@code share} of the
 * deployment's requests, spread evenly among them, optionally loaded from {@code source} (a Hugging
 * Face repository or directory prefix; the adapter index is appended).
 */
public record Adapter(
    Val<String> name,
    Val<Integer> count,
    Val<Integer> rank,
    Val<Fraction> share,
    Optional<Val<String>> source,
    Span span) {
  public Adapter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(rank, "rank");
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(span, "span");
  }

  /** The adapter families the deployment serves, in spec order; empty when it serves none. */
  public static List<Adapter> of(Deployment deployment) {
    return deployment
        .block(Technique.LORA, AdapterBlock.class)
        .map(AdapterBlock::adapters)
        .orElse(List.of());
  }

  /** The family in the canonical IR text. */
  String irLine() {
    return "adapters "
        + name.value()
        + " count="
        + count.value()
        + " rank="
        + rank.value()
        + " share="
        + share.value()
        + source.map(s -> " source=" + s.value()).orElse("");
  }
}
