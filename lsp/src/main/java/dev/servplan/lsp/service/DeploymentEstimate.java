package dev.servplan.lsp.service;

import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hover estimate for a deployment: per-GPU weight memory at TP 1, 2, 4 and 8 on each pool it
 * may use, and whether weights, buffers and runtime overhead leave room for a KV cache there
 * ({@link MemoryEstimate#fits()} of the calibrated cost model under vLLM's default limits). Uses
 * the validated IR when the spec compiles, else what the partial tree says.
 */
final class DeploymentEstimate {
  /** The tensor-parallel degrees the estimate shows; 8 is the usual node size. */
  static final List<Integer> TP_DEGREES = List.of(1, 2, 4, 8);

  private static final CostModel COST_MODEL = AnalyticalCostModel.calibrated();

  /** A pool as the estimate needs it. */
  record Target(String name, GpuSpec gpu, int gpusPerNode, LinkSpec intra, LinkSpec inter) {}

  private DeploymentEstimate() {}

  static Optional<String> markdown(Document doc, MapNode deployment, String name) {
    Optional<ValidIr> valid = doc.compilation().valid();
    if (valid.isPresent()) {
      for (ResolvedDeployment d : valid.get().deployments()) {
        if (d.name().equals(name)) {
          List<Target> targets = new ArrayList<>();
          for (ResolvedPool p : d.pools()) {
            targets.add(
                new Target(
                    p.name(),
                    p.gpu(),
                    p.gpusPerNode(),
                    p.intraNodeLink(),
                    p.network().orElse(p.intraNodeLink())));
          }
          Dtype kv = d.kvDtypes().isEmpty() ? Dtype.BF16 : d.kvDtypes().get(0);
          return Optional.of(render(name, d.model(), d.weights(), kv, targets));
        }
      }
    }
    return fromTree(doc.parsed().root(), deployment, name);
  }

  private static Optional<String> fromTree(MapNode root, MapNode deployment, String name) {
    Optional<String> modelName = Hovers.text(deployment.get("model"));
    if (modelName.isEmpty()) {
      return Optional.of("deployment `" + name + "`: name a `model` to see a memory estimate");
    }
    Optional<ModelArch> model = catalogModel(root, modelName.get());
    if (model.isEmpty()) {
      return Optional.of(
          "deployment `"
              + name
              + "`: no estimate until model `"
              + modelName.get()
              + "` resolves to a catalog model (custom architectures are estimated once the spec compiles)");
    }
    Optional<Node> precision = deployment.get("precision");
    List<Dtype> weights =
        dtypes(
            precision.flatMap(p -> p instanceof MapNode m ? m.get("weights") : Optional.empty()));
    if (weights.isEmpty()) {
      weights = List.of(model.get().nativeDtype());
    }
    List<Dtype> kvs =
        dtypes(
            precision.flatMap(p -> p instanceof MapNode m ? m.get("kv_cache") : Optional.empty()));
    Dtype kv = kvs.isEmpty() ? Dtype.BF16 : kvs.get(0);
    Set<String> allowed = new LinkedHashSet<>();
    deployment.get("pools").ifPresent(p -> words(p).forEach(allowed::add));
    List<Target> targets = new ArrayList<>();
    for (MapNode pool : SymbolIndex.pools(root)) {
      Optional<String> poolName = Hovers.text(pool.get("name"));
      Optional<GpuSpec> gpu = Hovers.text(pool.get("gpu")).flatMap(g -> Catalogs.gpus().find(g));
      if (poolName.isEmpty()
          || gpu.isEmpty()
          || (!allowed.isEmpty() && !allowed.contains(poolName.get()))) {
        continue;
      }
      int perNode =
          Hovers.text(pool.get("gpus_per_node"))
              .flatMap(DeploymentEstimate::integer)
              .orElse(gpu.get().defaultGpusPerNode());
      Optional<LinkSpec> intra = Catalogs.links().find(gpu.get().intraNodeLink());
      if (intra.isEmpty()) {
        continue;
      }
      LinkSpec inter =
          Catalogs.links()
              .find(Catalogs.nodes().forGpu(gpu.get().id()).networkLink())
              .orElse(intra.get());
      targets.add(new Target(poolName.get(), gpu.get(), perNode, intra.get(), inter));
    }
    return Optional.of(render(name, model.get(), weights, kv, targets));
  }

  static String render(
      String name, ModelArch model, List<Dtype> weights, Dtype kv, List<Target> targets) {
    StringBuilder md = new StringBuilder();
    md.append("deployment `")
        .append(name)
        .append("`: `")
        .append(model.id())
        .append("`, ")
        .append(Hovers.billions(ModelMath.parameterCount(model)))
        .append("B parameters, KV cache ")
        .append(kv.id())
        .append("\n\n");
    if (targets.isEmpty()) {
      return md.append("no pool with a known GPU to estimate on").toString();
    }
    List<String> notes = new ArrayList<>();
    for (Dtype w : weights) {
      md.append("weights per GPU at ")
          .append(w.id())
          .append(" (✓ fits with room for KV cache, ✗ does not):\n\n");
      md.append("| pool (GPU) |");
      TP_DEGREES.forEach(tp -> md.append(" TP ").append(tp).append(" |"));
      md.append("\n|---|");
      TP_DEGREES.forEach(tp -> md.append("---|"));
      md.append("\n");
      for (Target t : targets) {
        md.append("| ")
            .append(t.name())
            .append(" (")
            .append(t.gpu().id())
            .append(", ")
            .append(Hovers.gib(t.gpu().memory()))
            .append(" GiB) |");
        for (int tp : TP_DEGREES) {
          md.append(" ").append(cell(model, w, kv, t, tp, notes)).append(" |");
        }
        md.append("\n");
      }
      md.append("\n");
    }
    for (String note : notes) {
      md.append("- ").append(note).append("\n");
    }
    md.append(
        "\npipeline parallelism 1, no expert parallelism; weights include quantization scales; "
            + "fit uses the calibrated cost model with vLLM's default 90% GPU memory utilization");
    return md.toString();
  }

  private static String cell(
      ModelArch model, Dtype weights, Dtype kv, Target t, int tp, List<String> notes) {
    if (tp > t.gpusPerNode()) {
      return "n/a";
    }
    InstanceConfig config =
        new InstanceConfig(model, t.gpu(), tp, 1, 1, weights, kv, t.intra(), t.inter());
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      for (String p : problems) {
        String note = "TP " + tp + " on " + t.name() + ": " + p;
        if (!notes.contains(note)) {
          notes.add(note);
        }
      }
      return "n/a";
    }
    MemoryEstimate memory = COST_MODEL.memory(config);
    return Hovers.gib(memory.weights()) + " GiB " + (memory.fits() ? "✓" : "✗");
  }

  private static Optional<ModelArch> catalogModel(MapNode root, String name) {
    Optional<Node> custom =
        root.get("models")
            .flatMap(m -> m instanceof MapNode map ? map.get(name) : Optional.empty());
    if (custom.isPresent()) {
      return custom.get() instanceof MapNode def
          ? Hovers.text(def.get("base")).flatMap(b -> Catalogs.models().find(b))
          : Optional.empty();
    }
    return Catalogs.models().find(name);
  }

  private static List<Dtype> dtypes(Optional<Node> node) {
    List<Dtype> out = new ArrayList<>();
    node.ifPresent(
        n ->
            words(n)
                .forEach(w -> Dtype.parse(w).filter(d -> !out.contains(d)).ifPresent(out::add)));
    return out;
  }

  private static List<String> words(Node node) {
    List<Node> items = node instanceof ListNode list ? list.items() : List.of(node);
    List<String> out = new ArrayList<>();
    for (Node item : items) {
      if (item instanceof ScalarNode s && s.style() != ScalarNode.Style.NULL) {
        out.add(s.text());
      }
    }
    return out;
  }

  private static Optional<Integer> integer(String text) {
    try {
      return Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
