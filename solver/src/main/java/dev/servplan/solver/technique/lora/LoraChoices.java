package dev.servplan.solver.technique.lora;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.technique.lora.Adapter;
import dev.servplan.compiler.technique.lora.LoraPlan;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The solver's side of multi-LoRA serving: which adapter setting a deployment's instances use, and
 * what it adds to an iteration. Adapters are served multiplexed on shared base-model instances with
 * every declared adapter resident ({@code max_loras} = the adapter count); serving each adapter
 * from its own merged copy of the model is not modelled, so a deployment that declares adapters
 * with {@code lora: never} is refused by validation (E0305).
 */
public final class LoraChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  /**
   * Multiplexed with every declared adapter resident, and merged into the weights where a single
   * adapter takes all the traffic ({@link #mergedChoices}); nothing without declared adapters.
   */
  @Override
  public List<Draft> choices(Draft d) {
    Optional<LoraServing> multiplexed = serving(d.deployment(), d.options());
    List<Draft> out = new ArrayList<>();
    for (boolean merged : mergedChoices(d.deployment(), d.options())) {
      if (merged) {
        out.add(d.with(mergedPlan(d.deployment()).orElseThrow()));
      } else if (multiplexed.isPresent()) {
        out.add(d.with(plan(d.deployment(), multiplexed).orElseThrow(), multiplexed.get()));
      } else {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * The LoRA setting of every multiplexing instance of the deployment: all its adapters resident
   * when it declares adapters and the technique is allowed, none otherwise.
   */
  public static Optional<LoraServing> serving(ResolvedDeployment d, Options options) {
    if (options.effective(Technique.LORA) == Toggle.NEVER) {
      return Optional.empty();
    }
    return declared(d);
  }

  /**
   * Whether the deployment's traffic all goes to one adapter, so that dedicated serving is one
   * model with that adapter merged into its weights (W + B·A): the same cost as the base model,
   * without LoRA slots or kernels. Dedicated serving of several adapters (a merged copy each, the
   * traffic split among them) is not modelled.
   */
  public static boolean mergeable(ResolvedDeployment d) {
    List<Adapter> adapters = Adapter.of(d.deployment());
    return adapters.size() == 1
        && adapters.get(0).count().value() == 1
        && adapters.get(0).share().value().value() >= 1 - 1e-9;
  }

  /**
   * The ways to serve the deployment's adapters to evaluate, as "merged" flags: multiplexed (false)
   * under {@code auto} and {@code always}, merged (true) under {@code auto} and {@code never} where
   * {@link #mergeable}; only multiplexed when the deployment declares no adapters (then nothing is
   * served with LoRA at all).
   */
  public static List<Boolean> mergedChoices(ResolvedDeployment d, Options options) {
    if (Adapter.of(d.deployment()).isEmpty() || !mergeable(d)) {
      return List.of(false);
    }
    switch (options.effective(Technique.LORA)) {
      case ALWAYS:
        return List.of(false);
      case NEVER:
        return List.of(true);
      default:
        return List.of(false, true);
    }
  }

  /** The plan's record of a merged adapter. */
  public static Optional<LoraPlan> mergedPlan(ResolvedDeployment d) {
    Adapter a = Adapter.of(d.deployment()).get(0);
    return Optional.of(
        new LoraPlan(
            1,
            LoraServing.slotRank(a.rank().value()),
            List.of(
                new LoraPlan.AdapterSet(
                    a.name().value(),
                    1,
                    a.rank().value(),
                    a.share().value().value(),
                    a.source().map(s -> s.value()))),
            true));
  }

  /** Every declared adapter resident, or empty when the deployment declares none. */
  public static Optional<LoraServing> declared(ResolvedDeployment d) {
    List<Adapter> adapters = Adapter.of(d.deployment());
    if (adapters.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(LoraServing.allResident(families(adapters)));
  }

  public static List<LoraServing.Family> families(List<Adapter> adapters) {
    List<LoraServing.Family> families = new ArrayList<>();
    for (Adapter a : adapters) {
      families.add(
          new LoraServing.Family(a.count().value(), a.rank().value(), a.share().value().value()));
    }
    return families;
  }

  /** The plan's record of the setting, with the adapters as the spec declares them. */
  public static Optional<LoraPlan> plan(ResolvedDeployment d, Optional<LoraServing> lora) {
    if (lora.isEmpty()) {
      return Optional.empty();
    }
    List<LoraPlan.AdapterSet> sets = new ArrayList<>();
    for (Adapter a : Adapter.of(d.deployment())) {
      sets.add(
          new LoraPlan.AdapterSet(
              a.name().value(),
              a.count().value(),
              a.rank().value(),
              a.share().value().value(),
              a.source().map(s -> s.value())));
    }
    return Optional.of(new LoraPlan(lora.get().maxLoras(), lora.get().maxRank(), sets));
  }
}
