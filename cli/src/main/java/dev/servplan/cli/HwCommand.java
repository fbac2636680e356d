package dev.servplan.cli;

import static dev.servplan.cli.HwCommand.CatalogOutput.num;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.servplan.compiler.diag.SpellChecker;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.NodeSpec;
import dev.servplan.hwdb.unit.Quantities;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan hw}: the bundled GPU, interconnect and host-tier catalog. */
@Command(
    name = "hw",
    mixinStandardHelpOptions = true,
    description = "Show the hardware catalog: GPUs, interconnects and host tiers.",
    subcommands = {HwCommand.ListCommand.class, HwCommand.ShowCommand.class})
public final class HwCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Which table {@code hw list} prints. */
  enum Kind {
    gpus,
    links,
    nodes
  }

  /** {@code servplan hw list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List catalog entries.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--kind",
        defaultValue = "gpus",
        description = "gpus, links or nodes (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    CatalogOutput.Format format;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Map<String, Object>> json = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      switch (kind) {
        case links:
          rows.add(CatalogOutput.row("ID", "KIND", "SCOPE", "GB/S PER DIR", "LATENCY"));
          for (LinkSpec l : Catalogs.links().all()) {
            rows.add(
                CatalogOutput.row(
                    l.id(),
                    l.kind().name().toLowerCase(Locale.ROOT),
                    l.intraNode() ? "intra-node" : "inter-node",
                    num(l.bandwidthBytesPerS() / 1e9),
                    num(l.latencyS() * 1e6) + "us"));
            json.add(linkJson(l));
          }
          break;
        case nodes:
          rows.add(CatalogOutput.row("ID", "GPUS", "HOST MEMORY", "HOST LINK", "NETWORK"));
          for (NodeSpec n : Catalogs.nodes().all()) {
            rows.add(
                CatalogOutput.row(
                    n.id(),
                    n.gpus().isEmpty() ? "(any other)" : String.join(",", n.gpus()),
                    num(n.hostMemory().gib()) + "GiB",
                    n.hostLink(),
                    n.networkLink()));
            json.add(nodeJson(n));
          }
          break;
        default:
          rows.add(
              CatalogOutput.row(
                  "ID",
                  "MEMORY",
                  "GB/S",
                  "BF16 TFLOPS",
                  "FP8 TFLOPS",
                  "LINK",
                  "PER NODE",
                  "TDP",
                  "USD/H"));
          for (GpuSpec g : Catalogs.gpus().all()) {
            rows.add(
                CatalogOutput.row(
                    g.id(),
                    num(g.memory().gib()) + "GiB",
                    num(g.memoryBandwidthBytesPerS() / 1e9),
                    tflops(g, Dtype.BF16),
                    tflops(g, Dtype.FP8),
                    g.intraNodeLink(),
                    Integer.toString(g.defaultGpusPerNode()),
                    num(g.tdpWatts()) + "W",
                    num(g.price().dollarsPerHour())));
            json.add(gpuJson(g));
          }
          break;
      }
      if (format == CatalogOutput.Format.json) {
        CatalogOutput.json(out, json);
      } else {
        CatalogOutput.table(out, rows);
      }
      return 0;
    }
  }

  /** {@code servplan hw show ID}: a GPU, link or host tier by id or alias. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show every field of a GPU, link or host tier, with sources.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "ID",
        description = "GPU, link or host-tier id or alias (h100, nvlink4, dgx-a100).")
    String id;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    CatalogOutput.Format format;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<Map<String, Object>> entry =
          Catalogs.gpus()
              .find(id)
              .map(HwCommand::gpuJson)
              .or(() -> Catalogs.links().find(id).map(HwCommand::linkJson))
              .or(() -> Catalogs.nodes().find(id).map(HwCommand::nodeJson));
      if (entry.isEmpty()) {
        List<String> names = new ArrayList<>(Catalogs.gpus().namesForSuggestions());
        names.addAll(Catalogs.links().namesForSuggestions());
        names.addAll(Catalogs.nodes().namesForSuggestions());
        return CatalogOutput.unknown(
            spec.commandLine().getErr(), "hardware id", id, names, "servplan hw list");
      }
      if (format == CatalogOutput.Format.json) {
        CatalogOutput.json(out, entry.get());
      } else {
        CatalogOutput.fields(out, flatten(entry.get()));
      }
      return 0;
    }
  }

  private static String tflops(GpuSpec g, Dtype d) {
    Double v = g.denseTflops().get(d);
    return v == null ? "-" : num(v);
  }

  static Map<String, Object> gpuJson(GpuSpec g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id());
    m.put("display_name", g.displayName());
    m.put("vendor", g.vendor());
    m.put("aliases", g.aliases());
    m.put("memory_gib", round(g.memory().gib()));
    m.put("memory_bandwidth_gb_per_s", round(g.memoryBandwidthBytesPerS() / 1e9));
    Map<String, Object> tflops = new LinkedHashMap<>();
    g.denseTflops().forEach((d, v) -> tflops.put(d.id(), v));
    m.put("dense_tflops", tflops);
    m.put("sm_count", g.smCount());
    m.put("l2_cache_mib", round(g.l2Cache().bytes() / (1024.0 * 1024)));
    m.put("intra_node_link", g.intraNodeLink());
    m.put("gpus_per_node", g.defaultGpusPerNode());
    m.put("tdp_w", g.tdpWatts());
    m.put("price_usd_per_gpu_hour", g.price().dollarsPerHour());
    m.put("price_date", g.priceDate());
    m.put("sources", g.sources());
    return m;
  }

  static Map<String, Object> linkJson(LinkSpec l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("aliases", l.aliases());
    m.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
    m.put("intra_node", l.intraNode());
    m.put("bandwidth_gb_per_s_per_direction", round(l.bandwidthBytesPerS() / 1e9));
    m.put("latency_us", round(l.latencyS() * 1e6));
    m.put("source", l.source());
    return m;
  }

  static Map<String, Object> nodeJson(NodeSpec n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("display_name", n.displayName());
    m.put("aliases", n.aliases());
    m.put("gpus", n.gpus());
    m.put("gpus_per_node", n.gpusPerNode());
    m.put("host_memory_gib", round(n.hostMemory().gib()));
    m.put("host_memory_bandwidth_gb_per_s", round(n.hostMemoryBandwidthBytesPerS() / 1e9));
    m.put("nvme_tb", round(n.nvme().bytes() / 1e12));
    m.put("nvme_bandwidth_gb_per_s", round(n.nvmeBandwidthBytesPerS() / 1e9));
    m.put("host_link", n.hostLink());
    m.put("network_link", n.networkLink());
    m.put("sources", n.sources());
    return m;
  }

  /** Six significant digits, so unit conversions do not print float noise (80.00000000001). */
  static double round(double value) {
    return Double.parseDouble(num(value));
  }

  /** Nested maps become dotted keys for the text form: {@code dense_tflops.bf16: 989}. */
  static Map<String, Object> flatten(Map<String, Object> map) {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map) {
        for (Map.Entry<?, ?> inner : ((Map<?, ?>) v).entrySet()) {
          flat.put(e.getKey() + "." + inner.getKey(), text(inner.getValue()));
        }
      } else {
        flat.put(e.getKey(), text(v));
      }
    }
    return flat;
  }

  private static String text(Object v) {
    if (v instanceof Double) {
      return num((Double) v);
    }
    if (v instanceof List) {
      return String.join(", ", ((List<?>) v).stream().map(String::valueOf).toArray(String[]::new));
    }
    return String.valueOf(v);
  }

  /**
   * Shared printing for the catalog commands: aligned text tables, stable JSON, unknown-id errors.
   */
  static final class CatalogOutput {
    /**
     * Exit code for a usage error such as an unknown id (picocli's own usage errors exit 2 too).
     */
    static final int USAGE = 2;

    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Output formats of {@code list} and {@code show}. */
    enum Format {
      text,
      json
    }

    private CatalogOutput() {}

    /** Left-aligned columns separated by two spaces; the first row is the header. */
    static void table(PrintWriter out, List<List<String>> rows) {
      int columns = rows.get(0).size();
      int[] widths = new int[columns];
      for (List<String> row : rows) {
        for (int c = 0; c < columns; c++) {
          widths[c] = Math.max(widths[c], row.get(c).length());
        }
      }
      for (List<String> row : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          line.append(row.get(c));
          if (c < columns - 1) {
            line.append(" ".repeat(widths[c] - row.get(c).length() + 2));
          }
        }
        out.println(line.toString().stripTrailing());
      }
      out.flush();
    }

    /** {@code key: value} lines with the keys padded to one width, in the map's order. */
    static void fields(PrintWriter out, Map<String, ?> values) {
      int width = 0;
      for (String key : values.keySet()) {
        width = Math.max(width, key.length());
      }
      for (Map.Entry<String, ?> e : values.entrySet()) {
        out.println(e.getKey() + ":" + " ".repeat(width - e.getKey().length() + 1) + e.getValue());
      }
      out.flush();
    }

    /** Pretty JSON of insertion-ordered maps and lists, so the output is byte-stable. */
    static void json(PrintWriter out, Object value) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("catalog entry is not serialisable", e);
      }
      out.flush();
    }

    /** Reports an unknown id with the closest known name and returns the usage exit code. */
    static int unknown(
        PrintWriter err, String what, String id, List<String> names, String listCommand) {
      String hint = SpellChecker.didYouMean(id, names);
      err.println("error: unknown " + what + " '" + id + "'" + (hint.isEmpty() ? "" : ", " + hint));
      err.println("help: run '" + listCommand + "' to see every " + what);
      err.flush();
      return USAGE;
    }

    static String num(double value) {
      return Quantities.formatNumber(value);
    }

    /** A count in billions with three significant decimals: {@code 8.03B}. */
    static String billions(long count) {
      return num(Math.round(count / 1e7) / 100.0) + "B";
    }

    static List<String> row(String... cells) {
      return new ArrayList<>(List.of(cells));
    }
  }
}
