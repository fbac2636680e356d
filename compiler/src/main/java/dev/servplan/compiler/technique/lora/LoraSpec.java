package dev.servplan.compiler.technique.lora;

import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.lower.MapReader;
import dev.servplan.compiler.lower.Scalars;
import dev.servplan.compiler.technique.BlockSpec;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spec side of multi-LoRA serving: a deployment's {@code adapters} list of adapter families,
 * and the checks of the {@code lora} option against the adapters the spec declares.
 */
public final class LoraSpec implements TechniqueSpec, BlockSpec {
  static final List<String> ADAPTER_KEYS = List.of("name", "count", "rank", "share", "source");

  /** Most adapters of one family; S-LoRA's evaluation serves up to a few thousand adapters. */
  static final int MAX_ADAPTERS = 100_000;

  /** Largest LoRA rank accepted; vLLM's --max-lora-rank choices end at 256 (and 512 in newer). */
  static final int MAX_LORA_RANK = 256;

  @Override
  public Technique technique() {
    return Technique.LORA;
  }

  /**
   * vLLM --enable-lora/--max-loras, SGLang --enable-lora/--max-loras-per-batch, TensorRT-LLM
   * LoraConfig (lora_config) on the PyTorch backend.
   */
  @Override
  public boolean runsOn(Engine engine) {
    return true;
  }

  @Override
  public Optional<BlockSpec> block() {
    return Optional.of(this);
  }

  @Override
  public String key() {
    return "adapters";
  }

  /**
   * The {@code adapters} list: each item names a family of adapters; shares sum to at most 100%
   * (the rest is base-model traffic) and names are unique. Empty when any item is invalid.
   */
  @Override
  public Optional<TechniqueBlock> lower(Node node, Scalars scalars, DiagnosticSink sink) {
    if (!(node instanceof ListNode list)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a list of {name, count, rank, share}",
              "adapters",
              node.describe()));
      return Optional.empty();
    }
    List<Adapter> adapters = new ArrayList<>();
    boolean ok = true;
    for (Node item : list.items()) {
      Optional<Adapter> adapter = lowerAdapter(item, scalars, sink);
      if (adapter.isEmpty()) {
        ok = false;
        continue;
      }
      Adapter a = adapter.get();
      for (Adapter earlier : adapters) {
        if (earlier.name().value().equals(a.name().value())) {
          sink.report(
              Diagnostic.of(Code.E0204, a.name().span(), "adapter", a.name().value())
                  .withRelated(new Related(earlier.name().span(), "first defined here")));
          ok = false;
        }
      }
      adapters.add(a);
    }
    double total = adapters.stream().mapToDouble(a -> a.share().value().value()).sum();
    if (ok && total > 1 + 1e-9) {
      sink.report(
          Diagnostic.of(
                  Code.E0301,
                  list.span(),
                  "adapters share",
                  Quantities.formatNumber(total * 100) + "%",
                  "the adapters' shares sum to at most 100% (the rest is base-model traffic)")
              .withHelp("lower the shares so that they add up to 100% or less"));
      ok = false;
    }
    return ok ? Optional.of(new AdapterBlock(adapters, list.span())) : Optional.empty();
  }

  private static Optional<Adapter> lowerAdapter(Node node, Scalars scalars, DiagnosticSink sink) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a map with 'name', 'count', 'rank' and 'share'",
              "adapters item",
              node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "adapters item", ADAPTER_KEYS, sink);
    Optional<Val<String>> name = reader.required("name").flatMap(n -> scalars.name(n, "adapter"));
    Optional<Val<Integer>> count =
        reader.required("count").flatMap(n -> scalars.integer(n, "count", 1, MAX_ADAPTERS));
    Optional<Val<Integer>> rank =
        reader.required("rank").flatMap(n -> scalars.integer(n, "rank", 1, MAX_LORA_RANK));
    Optional<Val<Fraction>> share =
        reader.required("share").flatMap(n -> scalars.percent(n, "share"));
    share
        .filter(s -> s.value().value() <= 0 || s.value().value() > 1)
        .ifPresent(
            s ->
                sink.report(
                    Diagnostic.of(
                        Code.E0301,
                        s.span(),
                        "share",
                        s.value(),
                        "expected more than 0% and at most 100%")));
    Optional<Val<String>> source =
        reader.optional("source").flatMap(n -> scalars.word(n, "source"));
    if (name.isEmpty()
        || count.isEmpty()
        || rank.isEmpty()
        || share.isEmpty()
        || share.get().value().value() <= 0
        || share.get().value().value() > 1
        || (map.get("source").isPresent() && source.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(
        new Adapter(name.get(), count.get(), rank.get(), share.get(), source, map.span()));
  }

  /**
   * LoRA adapters are served multiplexed on shared base-model instances, or, for a single adapter
   * that takes all the traffic, merged into the weights; serving several adapters each from its own
   * merged copy is not modelled, so a spec that declares such adapters and forbids multiplexing has
   * no plan (E0305). Forcing {@code lora} without adapters has no effect (W0004).
   */
  @Override
  public void checkSpec(Spec spec, List<ResolvedDeployment> deployments, DiagnosticSink sink) {
    Val<Toggle> lora = spec.options().toggle(Technique.LORA);
    if (!Technique.LORA.modelled()) {
      return;
    }
    for (Deployment d : spec.deployments()) {
      List<Adapter> adapters = Adapter.of(d);
      // One adapter with all the traffic is served merged into the weights instead (dedicated).
      boolean mergeable =
          adapters.size() == 1
              && adapters.get(0).count().value() == 1
              && adapters.get(0).share().value().value() >= 1 - 1e-9;
      if (!adapters.isEmpty()
          && !mergeable
          && spec.options().effective(Technique.LORA) == Toggle.NEVER) {
        String why =
            lora.value() == Toggle.NEVER
                ? "options.lora is never"
                : "options.engine " + spec.options().engine().value().id() + " cannot serve LoRA";
        sink.report(
            Diagnostic.of(
                    Code.E0305,
                    lora.span(),
                    "deployment '"
                        + d.name().value()
                        + "' declares LoRA adapters but "
                        + why
                        + "; serving several adapters each from its own merged copy of the model is"
                        + " not modelled (only a single adapter with all the traffic is served"
                        + " merged)")
                .withRelated(new Related(adapters.get(0).span(), "adapters declared here"))
                .withHelp("set 'lora: auto' (or --option lora=auto) or remove the adapters"));
      }
    }
    if (lora.value() == Toggle.ALWAYS
        && spec.deployments().stream().allMatch(d -> Adapter.of(d).isEmpty())) {
      sink.report(
          Diagnostic.of(
                  Code.W0004,
                  lora.span(),
                  "lora always: no deployment declares 'adapters', so no plan serves LoRA")
              .withHelp(
                  "add 'adapters: [{name: NAME, count: 10, rank: 16, share: 50%}]' to a deployment"));
    }
  }
}
