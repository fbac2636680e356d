package dev.servplan.lsp.service;

import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.unit.Bytes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover: a GPU id shows its datasheet figures and price, a model id its size, KV bytes per token
 * and weight memory per precision, a deployment name a quick per-GPU weights estimate (see {@link
 * DeploymentEstimate}), a pool name its GPUs. Works on partial trees, and falls back to the word
 * under the cursor when the tree does not reach it.
 */
final class Hovers {
  /** Weight formats a hover lists, in the order people usually try them. */
  private static final List<Dtype> WEIGHT_DTYPES =
      List.of(Dtype.BF16, Dtype.FP8, Dtype.INT8, Dtype.INT4, Dtype.FP4);

  private Hovers() {}

  static Optional<Hover> hover(Document doc, int offset) {
    MapNode root = doc.parsed().root();
    TreePath path = TreePath.at(root, offset);
    List<String> keys = path.keys();
    SchemaContext parent =
        keys.isEmpty() ? SchemaContext.UNKNOWN : SchemaContext.of(keys.subList(0, keys.size() - 1));
    Optional<ScalarNode> scalar = path.scalar();
    if (scalar.isPresent()) {
      ScalarNode s = scalar.get();
      String last = keys.get(keys.size() - 1);
      Optional<String> markdown = Optional.empty();
      if (parent == SchemaContext.POOL && last.equals("gpu")) {
        markdown =
            Catalogs.gpus().find(s.text()).map(Hovers::gpuMarkdown).map(MarkupContent::getValue);
      } else if (parent == SchemaContext.DEPLOYMENT && last.equals("model")) {
        markdown = modelReference(root, s.text());
      } else if (parent == SchemaContext.MODEL && last.equals("base")) {
        markdown = Catalogs.models().find(s.text()).map(Hovers::modelMarkdown);
      } else if (parent == SchemaContext.DEPLOYMENT && last.equals("name")) {
        markdown =
            DeploymentEstimate.markdown(
                doc, path.mapAt(path.nodes().size() - 2).orElse(root), s.text());
      } else if (parent == SchemaContext.POOL && last.equals("name")) {
        markdown = poolMarkdown(root, s.text());
      } else if (keys.size() >= 3
              && keys.get(keys.size() - 1).equals("*")
              && keys.get(keys.size() - 2).equals("pools")
          || parent == SchemaContext.DEPLOYMENT && last.equals("pools")) {
        markdown = poolMarkdown(root, s.text());
      } else if (parent == SchemaContext.POOL
          && (last.equals("interconnect") || last.equals("network"))) {
        markdown = Catalogs.links().find(s.text()).map(Hovers::linkMarkdown);
      }
      if (markdown.isPresent()) {
        return Optional.of(hover(doc, markdown.get(), s.span()));
      }
    }
    if (path.onKey() && keys.size() == 2 && keys.get(0).equals("models")) {
      Span keySpan = path.entry().orElseThrow().keySpan();
      return customModel(root, keys.get(1)).map(md -> hover(doc, md, keySpan));
    }
    return wordFallback(doc, offset);
  }

  /** On a broken file the tree may not reach the cursor: look the bare word up in the catalogs. */
  private static Optional<Hover> wordFallback(Document doc, int offset) {
    String text = doc.text();
    int start = Math.min(offset, text.length());
    int end = start;
    while (start > 0 && CursorContext.isWordChar(text.charAt(start - 1))) {
      start--;
    }
    while (end < text.length() && CursorContext.isWordChar(text.charAt(end))) {
      end++;
    }
    if (start == end) {
      return Optional.empty();
    }
    String word = text.substring(start, end);
    Span span = doc.source().span(start, end);
    Optional<String> markdown =
        Catalogs.gpus()
            .find(word)
            .map(g -> gpuMarkdown(g).getValue())
            .or(() -> Catalogs.models().find(word).map(Hovers::modelMarkdown));
    return markdown.map(md -> hover(doc, md, span));
  }

  private static Hover hover(Document doc, String markdown, Span span) {
    return new Hover(
        new MarkupContent(MarkupKind.MARKDOWN, markdown),
        Positions.range(doc.source().lineMap(), span));
  }

  private static Optional<String> modelReference(MapNode root, String name) {
    Optional<String> custom = customModel(root, name);
    return custom.isPresent() ? custom : Catalogs.models().find(name).map(Hovers::modelMarkdown);
  }

  /** A model declared in the file: its base's figures, or what it is made from. */
  private static Optional<String> customModel(MapNode root, String name) {
    Optional<Node> def =
        root.get("models")
            .flatMap(m -> m instanceof MapNode map ? map.get(name) : Optional.empty());
    if (def.isEmpty()) {
      return Optional.empty();
    }
    if (def.get() instanceof MapNode map) {
      Optional<String> base =
          map.get("base").filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).text());
      if (base.isPresent()) {
        String header = "custom model `" + name + "`, based on `" + base.get() + "`\n\n";
        return Optional.of(
            header
                + Catalogs.models()
                    .find(base.get())
                    .map(Hovers::modelMarkdown)
                    .orElse(
                        "`"
                            + base.get()
                            + "` is not in the model catalog (`servplan models list`)"));
      }
      if (map.get("hf_config").isPresent()) {
        return Optional.of("custom model `" + name + "`, read from a HuggingFace config.json");
      }
    }
    return Optional.of("custom model `" + name + "` with architecture fields written out");
  }

  static MarkupContent gpuMarkdown(GpuSpec gpu) {
    StringBuilder md = new StringBuilder();
    md.append("**")
        .append(gpu.displayName())
        .append("** (`")
        .append(gpu.id())
        .append("`, ")
        .append(gpu.vendor())
        .append(")\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| memory | ")
        .append(gib(gpu.memory()))
        .append(" GiB (")
        .append(number(gpu.memory().gb()))
        .append(" GB) |\n");
    md.append("| memory bandwidth | ")
        .append(number(gpu.memoryBandwidthBytesPerS() / 1e12))
        .append(" TB/s |\n");
    for (Map.Entry<Dtype, Double> e : gpu.denseTflops().entrySet()) {
      md.append("| dense ")
          .append(e.getKey().id())
          .append(" | ")
          .append(number(e.getValue()))
          .append(" TFLOPS |\n");
    }
    md.append("| GPU link | ")
        .append(gpu.intraNodeLink())
        .append(", ")
        .append(gpu.defaultGpusPerNode())
        .append(" per node |\n");
    md.append("| board power | ").append(number(gpu.tdpWatts())).append(" W |\n");
    md.append("| price | $")
        .append(price(gpu.price().dollarsPerHour()))
        .append(" per GPU-hour (on-demand, ")
        .append(gpu.priceDate())
        .append(") |\n");
    gpu.source("memory").ifPresent(s -> md.append("\nmemory: ").append(s));
    gpu.source("price").ifPresent(s -> md.append("\n\nprice: ").append(s));
    return new MarkupContent(MarkupKind.MARKDOWN, md.toString());
  }

  static String modelMarkdown(ModelArch m) {
    StringBuilder md = new StringBuilder();
    md.append("**")
        .append(m.displayName())
        .append("** (`")
        .append(m.id())
        .append("`, ")
        .append(m.family())
        .append(")\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| parameters | ")
        .append(billions(ModelMath.parameterCount(m)))
        .append("B (published ")
        .append(number(m.publishedParamsB()))
        .append("B) |\n");
    if (m.isMoe()) {
      md.append("| active per token | ")
          .append(billions(ModelMath.activeParameterCount(m)))
          .append("B, ")
          .append(m.expertsPerToken())
          .append(" of ")
          .append(m.experts())
          .append(" experts |\n");
    }
    md.append("| layers | ").append(m.layers()).append(" |\n");
    md.append("| hidden size | ").append(m.hiddenSize()).append(" |\n");
    md.append("| attention | ")
        .append(m.attention().name().toLowerCase(Locale.ROOT))
        .append(", ")
        .append(m.heads())
        .append(" heads, ")
        .append(m.kvHeads())
        .append(" KV heads, head dim ")
        .append(m.headDim())
        .append(" |\n");
    md.append("| max context | ").append(m.maxContext()).append(" tokens |\n");
    md.append("| native dtype | ").append(m.nativeDtype().id()).append(" |\n");
    md.append("| KV cache per token | ")
        .append(kib(ModelMath.kvBytesPerToken(m, Dtype.BF16)))
        .append(" KiB at bf16, ")
        .append(kib(ModelMath.kvBytesPerToken(m, Dtype.FP8)))
        .append(" KiB at fp8 |\n");
    md.append("\nweight memory, whole model (matrices only, quantization scales excluded):\n\n");
    md.append("| precision | weights |\n|---|---|\n");
    for (Dtype d : WEIGHT_DTYPES) {
      md.append("| ")
          .append(d.id())
          .append(" | ")
          .append(gib(ModelMath.weightBytes(m, d)))
          .append(" GiB |\n");
    }
    md.append("\nsource: ").append(m.source());
    return md.toString();
  }

  private static Optional<String> poolMarkdown(MapNode root, String name) {
    for (MapNode pool : SymbolIndex.pools(root)) {
      Optional<String> poolName = text(pool.get("name"));
      if (poolName.isPresent() && poolName.get().equals(name)) {
        StringBuilder md = new StringBuilder("pool `").append(name).append("`");
        text(pool.get("count")).ifPresent(c -> md.append(": ").append(c).append(" ×"));
        Optional<String> gpuId = text(pool.get("gpu"));
        gpuId.ifPresent(g -> md.append(" `").append(g).append("`"));
        text(pool.get("price")).ifPresent(p -> md.append(" at ").append(p).append(" per GPU"));
        gpuId
            .flatMap(g -> Catalogs.gpus().find(g))
            .ifPresent(g -> md.append("\n\n").append(gpuMarkdown(g).getValue()));
        return Optional.of(md.toString());
      }
    }
    return Optional.empty();
  }

  private static String linkMarkdown(LinkSpec link) {
    return "**"
        + link.id()
        + "** ("
        + (link.intraNode() ? "inside a node" : "between nodes")
        + "): "
        + number(link.bandwidthBytesPerS() / 1e9)
        + " GB/s per GPU per direction, "
        + number(link.latencyS() * 1e6)
        + " µs latency\n\nsource: "
        + link.source();
  }

  static Optional<String> text(Optional<Node> node) {
    return node.filter(n -> n instanceof ScalarNode s && s.style() != ScalarNode.Style.NULL)
        .map(n -> ((ScalarNode) n).text());
  }

  static String gib(Bytes bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes.gib());
  }

  static String kib(Bytes bytes) {
    return number(bytes.bytes() / Bytes.KIB);
  }

  static String billions(long count) {
    return String.format(Locale.ROOT, "%.1f", count / 1e9);
  }

  static String price(double dollars) {
    return String.format(Locale.ROOT, "%.2f", dollars);
  }

  /** Up to three significant decimals, without trailing zeros. */
  static String number(double value) {
    String s = String.format(Locale.ROOT, "%.3f", value);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
