package dev.servplan.compiler.technique.lora;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.technique.lora.LoraServing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A group's LoRA setting: {@code maxLoras} adapters resident per instance in slots of rank {@code
 * maxRank} (vLLM {@code --max-loras}, {@code --max-lora-rank}), and the adapter families the
 * instances serve, as the spec declares them. {@code merged} marks dedicated serving of a single
 * adapter folded into the base weights (W + B·A): no LoRA slots or kernels, and the engine loads a
 * merged checkpoint.
 */
public record LoraPlan(int maxLoras, int maxRank, List<AdapterSet> adapters, boolean merged)
    implements TechniqueSetting {
  /**
   * One family of adapters: {@code count} adapters of rank {@code rank} receiving {@code share} of
   * the deployment's requests together, loaded from {@code source} (a repository or directory
   * prefix) when given.
   */
  public record AdapterSet(
      String name, int count, int rank, double share, Optional<String> source) {
    public AdapterSet {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      if (count < 1 || rank < 1 || !(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "bad adapter set '" + name + "': count=" + count + " rank=" + rank + " share=" + share);
      }
    }

    /** The served names of the family's adapters: the name alone for one, else name-1 … name-n. */
    public List<String> adapterNames() {
      if (count == 1) {
        return List.of(name);
      }
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        names.add(name + "-" + i);
      }
      return names;
    }
  }

  public LoraPlan {
    adapters = List.copyOf(adapters);
    if (maxLoras < 1 || maxRank < 1 || adapters.isEmpty()) {
      throw new IllegalArgumentException(
          "bad lora setting: max_loras=" + maxLoras + " max_rank=" + maxRank);
    }
    if (merged && (adapters.size() != 1 || adapters.get(0).count() != 1)) {
      throw new IllegalArgumentException("only a single adapter can be merged into the weights");
    }
  }

  /** Adapters served multiplexed (not merged). */
  public LoraPlan(int maxLoras, int maxRank, List<AdapterSet> adapters) {
    this(maxLoras, maxRank, adapters, false);
  }

  /** The setting as the cost model's adapter families and slots. */
  public LoraServing serving() {
    List<LoraServing.Family> families = new ArrayList<>();
    for (AdapterSet a : adapters) {
      families.add(new LoraServing.Family(a.count(), a.rank(), a.share()));
    }
    return new LoraServing(families, maxLoras, maxRank);
  }

  /** Adapters declared, over all families. */
  public int adapterCount() {
    return adapters.stream().mapToInt(AdapterSet::count).sum();
  }

  /** The share of requests that name an adapter; the rest use the base model. */
  public double loraShare() {
    return Math.min(1, adapters.stream().mapToDouble(AdapterSet::share).sum());
  }

  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  /** Multiplexed adapters run batched adapter kernels; a merged adapter costs nothing extra. */
  @Override
  public Set<CostTerm> terms() {
    return merged ? Set.of() : Set.of(CostTerm.ADAPTER_KERNELS);
  }

  /** The group's LoRA setting, if it serves adapters. */
  public static Optional<LoraPlan> of(Group group) {
    return group.techniques().get(Technique.LORA, LoraPlan.class);
  }
}
