package dev.servplan.compiler.validate;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.SpellChecker;
import dev.servplan.compiler.ir.Arrival;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.ModelDef;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Pool;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.technique.BlockSpec;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.compiler.technique.TechniqueResolution;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import dev.servplan.compiler.workload.LengthFit;
import dev.servplan.hwdb.catalog.Catalog;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.unit.Quantities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a lowered spec against the catalogs and itself: references, precisions, contexts, options.
 * Runs every check and reports all problems; returns a {@link ValidIr} only when there is no error.
 */
public final class Validator {
  private final DiagnosticSink sink = new DiagnosticSink();
  private final Path baseDir;

  private Validator(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** The valid IR when there were no errors, and every diagnostic in source order. */
  public record Result(Optional<ValidIr> valid, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /** Validates a spec whose relative paths (hf_config, traces) are relative to {@code baseDir}. */
  public static Result validate(Spec spec, Path baseDir) {
    Validator v = new Validator(baseDir);
    Optional<ValidIr> valid = v.run(spec);
    return new Result(v.sink.hasErrors() ? Optional.empty() : valid, v.sink.sorted());
  }

  private Optional<ValidIr> run(Spec spec) {
    List<ResolvedPool> pools = new ArrayList<>();
    for (Pool pool : spec.pools()) {
      resolvePool(pool).ifPresent(pools::add);
    }
    ModelResolver models = new ModelResolver(sink, baseDir);
    Map<String, ModelArch> custom = new LinkedHashMap<>();
    for (ModelDef def : spec.models()) {
      models.resolve(def).ifPresent(arch -> custom.putIfAbsent(def.name().value(), arch));
    }
    List<ResolvedDeployment> deployments = new ArrayList<>();
    for (Deployment d : spec.deployments()) {
      resolveDeployment(spec, d, custom, pools, models).ifPresent(deployments::add);
    }
    checkUnusedPools(spec);
    checkOptions(spec, pools);
    for (TechniqueSpec technique : TechniqueSpecs.all()) {
      technique.checkSpec(spec, deployments, sink);
    }
    return Optional.of(new ValidIr(spec, pools, deployments));
  }

  private Optional<ResolvedPool> resolvePool(Pool pool) {
    Optional<GpuSpec> gpu = lookup(Catalogs.gpus(), pool.gpu(), Code.E0201, "servplan hw list");
    Optional<LinkSpec> intra = Optional.empty();
    boolean ok = gpu.isPresent();
    if (pool.interconnect().isPresent()) {
      intra = link(pool.interconnect().get(), "interconnect", true);
      ok &= intra.isPresent();
    } else if (gpu.isPresent()) {
      intra = Catalogs.links().find(gpu.get().intraNodeLink());
    }
    Optional<LinkSpec> network = Optional.empty();
    if (pool.network().isPresent()) {
      network = link(pool.network().get(), "network", false);
      ok &= network.isPresent();
    }
    if (!ok || intra.isEmpty()) {
      return Optional.empty();
    }
    int perNode = pool.gpusPerNode().map(Val::value).orElse(gpu.get().defaultGpusPerNode());
    var price = pool.price().map(Val::value).orElse(gpu.get().price());
    return Optional.of(new ResolvedPool(pool, gpu.get(), intra.get(), network, price, perNode));
  }

  private Optional<LinkSpec> link(Val<String> id, String what, boolean intraNode) {
    Optional<LinkSpec> link =
        lookup(
            Catalogs.links(),
            id,
            Code.E0205,
            "servplan hw list",
            "unknown " + what + " link '" + id.value() + "'");
    if (link.isPresent() && link.get().intraNode() != intraNode) {
      sink.report(
          Diagnostic.of(
                  Code.E0205,
                  id.span(),
                  "'"
                      + id.value()
                      + "' is "
                      + (link.get().intraNode() ? "a link inside a node" : "a link between nodes")
                      + ", not a "
                      + what
                      + " link")
              .withHelp(
                  intraNode
                      ? "'interconnect' is the GPU-to-GPU link inside a node (nvlink4, pcie5, ...)"
                      : "'network' is the link between nodes (ib-400g, roce-400g, ethernet-100g, ...)"));
      return Optional.empty();
    }
    return link;
  }

  private <T> Optional<T> lookup(
      Catalog<T> catalog, Val<String> id, Code code, String listCommand, Object... messageArgs) {
    Optional<T> found = catalog.find(id.value());
    if (found.isEmpty()) {
      Object[] args = messageArgs.length > 0 ? messageArgs : new Object[] {id.value()};
      Diagnostic d = Diagnostic.of(code, id.span(), args);
      String suggestion = SpellChecker.closest(id.value(), catalog.namesForSuggestions());
      if (suggestion != null) {
        d =
            d.withHelp("did you mean '" + suggestion + "'?")
                .withFix(Fix.replace("replace with '" + suggestion + "'", id.span(), suggestion));
      } else {
        d = d.withHelp("see '" + listCommand + "' for the known ids");
      }
      sink.report(d);
    }
    return found;
  }

  private Optional<ResolvedDeployment> resolveDeployment(
      Spec spec,
      Deployment d,
      Map<String, ModelArch> custom,
      List<ResolvedPool> pools,
      ModelResolver models) {
    String name = d.name().value();
    Optional<ModelArch> model;
    if (custom.containsKey(d.model().value())) {
      model = Optional.of(custom.get(d.model().value()));
    } else if (spec.model(d.model().value()).isPresent()) {
      model = Optional.empty(); // the custom definition itself was reported
    } else if (Catalogs.models().find(d.model().value()).isPresent()) {
      model = Catalogs.models().find(d.model().value());
    } else {
      List<String> names = new ArrayList<>(Catalogs.models().namesForSuggestions());
      names.addAll(custom.keySet());
      Diagnostic diag = Diagnostic.of(Code.E0202, d.model().span(), d.model().value());
      String suggestion = SpellChecker.closest(d.model().value(), names);
      diag =
          suggestion != null
              ? diag.withHelp("did you mean '" + suggestion + "'?")
                  .withFix(
                      Fix.replace(
                          "replace with '" + suggestion + "'", d.model().span(), suggestion))
              : diag.withHelp(
                  "use a catalog id ('servplan models list') or declare it under 'models'");
      sink.report(diag);
      model = Optional.empty();
    }
    List<ResolvedPool> eligible = new ArrayList<>();
    if (d.pools().isEmpty()) {
      eligible.addAll(pools);
    } else {
      List<String> poolNames = spec.pools().stream().map(p -> p.name().value()).toList();
      for (Val<String> ref : d.pools()) {
        Optional<ResolvedPool> pool =
            pools.stream().filter(p -> p.name().equals(ref.value())).findFirst();
        if (pool.isPresent()) {
          eligible.add(pool.get());
        } else if (!poolNames.contains(ref.value())) {
          Diagnostic diag = Diagnostic.of(Code.E0203, ref.span(), ref.value());
          String suggestion = SpellChecker.closest(ref.value(), poolNames);
          diag =
              suggestion != null
                  ? diag.withHelp("did you mean '" + suggestion + "'?")
                      .withFix(
                          Fix.replace("replace with '" + suggestion + "'", ref.span(), suggestion))
                  : diag.withHelp("pools in this spec: " + String.join(", ", poolNames));
          sink.report(diag);
        }
      }
    }
    checkWorkload(d, model);
    Map<Technique, TechniqueResolution> resolutions = new EnumMap<>(Technique.class);
    boolean blocksOk = true;
    for (TechniqueSpec technique : TechniqueSpecs.all()) {
      TechniqueBlock block = d.blocks().get(technique.technique());
      Optional<BlockSpec> blockSpec = technique.block();
      if (block == null || blockSpec.isEmpty()) {
        continue;
      }
      BlockSpec.Resolution r = blockSpec.get().resolve(block, model, models, sink);
      r.value().ifPresent(v -> resolutions.put(technique.technique(), v));
      blocksOk &= r.ok();
    }
    if (model.isEmpty() || !blocksOk) {
      return Optional.empty();
    }
    ModelArch arch = model.get();
    List<Dtype> weights =
        d.weights().isEmpty() ? List.of(arch.nativeDtype()) : distinct(d.weights());
    List<Dtype> kv = d.kvCache().isEmpty() ? List.of(kvDefault(arch)) : distinct(d.kvCache());
    checkPrecisions(d, weights, kv, eligible);
    for (TechniqueSpec technique : TechniqueSpecs.all()) {
      technique.checkDeployment(d, sink);
    }
    return Optional.of(new ResolvedDeployment(d, arch, weights, kv, eligible, resolutions));
  }

  private static Dtype kvDefault(ModelArch arch) {
    return arch.nativeDtype() == Dtype.FP32
        ? Dtype.FP32
        : (arch.nativeDtype() == Dtype.FP16 ? Dtype.FP16 : Dtype.BF16);
  }

  private static List<Dtype> distinct(List<Val<Dtype>> values) {
    Set<Dtype> set = new LinkedHashSet<>();
    values.forEach(v -> set.add(v.value()));
    return List.copyOf(set);
  }

  private void checkPrecisions(
      Deployment d, List<Dtype> weights, List<Dtype> kv, List<ResolvedPool> eligible) {
    if (eligible.isEmpty()) {
      return;
    }
    for (Val<Dtype> w : d.weights()) {
      boolean anyGpu = eligible.stream().anyMatch(p -> p.gpu().supports(w.value()));
      if (!anyGpu) {
        String gpus =
            eligible.stream().map(p -> p.gpu().id()).distinct().collect(Collectors.joining(", "));
        sink.report(
            Diagnostic.of(
                    Code.E0206,
                    w.span(),
                    "weights precision '"
                        + w.value().id()
                        + "' is not supported by any GPU this deployment may use ("
                        + gpus
                        + ")")
                .withHelp(
                    "allow another precision, or add a pool whose GPU supports " + w.value().id()));
      }
    }
    boolean anyPair = eligible.stream().anyMatch(p -> weights.stream().anyMatch(p.gpu()::supports));
    if (!anyPair && d.weights().isEmpty()) {
      sink.report(
          Diagnostic.of(
                  Code.E0206,
                  d.model().span(),
                  "the model's native precision "
                      + weights.get(0).id()
                      + " is not supported by any GPU this deployment may use")
              .withHelp("list allowed precisions under 'precision: {weights: [...]}'"));
    }
    for (Val<Dtype> k : d.kvCache()) {
      if (k.value() == Dtype.FP8 && eligible.stream().noneMatch(p -> p.gpu().supports(Dtype.FP8))) {
        sink.report(
            Diagnostic.of(
                    Code.E0206,
                    k.span(),
                    "kv_cache precision 'fp8' is not supported by any GPU this deployment may use")
                .withHelp(
                    "allow bf16 or int8 for the KV cache, or add a pool with fp8 support (Hopper, Ada, Blackwell, MI300)"));
      }
    }
  }

  private void checkWorkload(Deployment d, Optional<ModelArch> model) {
    var w = d.workload();
    if (w.arrival() instanceof Arrival.Trace trace) {
      Path path = baseDir.resolve(trace.path().value());
      if (!Files.isRegularFile(path)) {
        sink.report(
            Diagnostic.of(
                    Code.E0008,
                    trace.path().span(),
                    "trace file '" + trace.path().value() + "' does not exist")
                .withHelp("paths are relative to the folder of the spec file"));
      }
    }
    checkLengths(w.input(), "input_tokens");
    checkLengths(w.output(), "output_tokens");
    w.prefix()
        .ifPresent(
            p -> {
              if (p.sharedTokens().value() > w.input().mean().value()) {
                sink.report(
                    Diagnostic.of(
                            Code.E0304,
                            p.sharedTokens().span(),
                            "the shared prefix ("
                                + p.sharedTokens().value()
                                + " tokens) is longer than the mean input ("
                                + Quantities.formatNumber(w.input().mean().value())
                                + " tokens)")
                        .withHelp(
                            "the prefix is part of the prompt, so it cannot be longer than the prompt"));
              }
            });
    if (model.isEmpty()) {
      return;
    }
    int maxContext = model.get().maxContext();
    double meanTotal = w.input().mean().value() + w.output().mean().value();
    double tail = tail(w.input()) + tail(w.output());
    if (meanTotal > maxContext) {
      sink.report(
          Diagnostic.of(
              Code.E0301,
              w.input().span(),
              "input_tokens + output_tokens",
              Quantities.formatNumber(meanTotal),
              "the mean request needs more than the "
                  + maxContext
                  + "-token context of "
                  + model.get().id()));
    } else if (tail > maxContext) {
      sink.report(
          Diagnostic.of(
              Code.W0002,
              w.input().span(),
              "the longest requests ("
                  + Quantities.formatNumber(tail)
                  + " tokens in and out) exceed the "
                  + maxContext
                  + "-token context of "
                  + model.get().id()
                  + "; the engine will reject or truncate them"));
    }
  }

  /** E0308 when no distribution of the stated family is near the stated statistics. */
  private void checkLengths(LengthDist dist, String field) {
    LengthFit.of(dist)
        .problem()
        .ifPresent(
            p ->
                sink.report(
                    Diagnostic.of(Code.E0308, p.span(), field + ": " + p.message())
                        .withHelp(p.help())));
  }

  private static double tail(LengthDist dist) {
    return dist.max().or(dist::p99).map(Val::value).orElse(dist.mean().value());
  }

  private void checkUnusedPools(Spec spec) {
    if (spec.deployments().stream().anyMatch(d -> d.pools().isEmpty())) {
      return;
    }
    Set<String> used = new LinkedHashSet<>();
    spec.deployments().forEach(d -> d.pools().forEach(p -> used.add(p.value())));
    if (used.stream().anyMatch(name -> spec.pool(name).isEmpty())) {
      return; // a misspelled reference was reported; "unused" would only be noise
    }
    for (Pool pool : spec.pools()) {
      if (!used.contains(pool.name().value())) {
        sink.report(
            Diagnostic.of(Code.W0001, pool.name().span(), pool.name().value())
                .withHelp(
                    "every deployment lists its pools and none lists this one; add it to a deployment's 'pools' or remove it"));
      }
    }
  }

  private void checkOptions(Spec spec, List<ResolvedPool> pools) {
    var options = spec.options();
    if (spec.objective().value() == Objective.MINIMIZE_LATENCY && options.budget().isEmpty()) {
      sink.report(
          Diagnostic.of(
                  Code.E0305, spec.objective().span(), "objective minimize-latency needs a budget")
              .withHelp("add 'budget: 500/h' under options"));
    }
    boolean maxTpWritten = !options.maxTp().span().equals(options.span());
    int largestNode =
        pools.stream().mapToInt(ResolvedPool::gpusPerNode).max().orElse(Integer.MAX_VALUE);
    if (maxTpWritten && options.maxTp().value() > largestNode) {
      sink.report(
          Diagnostic.of(
              Code.W0004,
              options.maxTp().span(),
              "max_tp "
                  + options.maxTp().value()
                  + " is larger than any node ("
                  + largestNode
                  + " GPUs); tensor parallelism never crosses a node"));
    }
  }
}
