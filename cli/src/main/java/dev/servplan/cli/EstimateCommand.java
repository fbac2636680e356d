package dev.servplan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.servplan.compiler.diag.SpellChecker;
import dev.servplan.hwdb.catalog.Catalog;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.IterationCost;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.cost.StaticBatchEstimate;
import dev.servplan.hwdb.cost.StaticBatchEstimator;
import dev.servplan.hwdb.unit.Bytes;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
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
import picocli.CommandLine.Spec;

/** {@code servplan estimate}: static-batch latency, throughput and memory of one instance. */
@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description = {
      "Estimate a static batch of requests on one instance of tp x pp GPUs:",
      "time to first token, mean time per output token, throughput and per-GPU memory."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:estimate printed",
      "2:invalid input or the batch does not fit",
      "3:internal error"
    })
public final class EstimateCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int INPUT_ERROR = 2;
  static final int INTERNAL_ERROR = 3;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "model id or alias from the catalog")
  String model;

  @Option(names = "--gpu", required = true, description = "GPU id or alias from the catalog")
  String gpu;

  @Option(
      names = "--tp",
      defaultValue = "1",
      description = "tensor-parallel GPUs (default ${DEFAULT-VALUE})")
  int tp;

  @Option(
      names = "--pp",
      defaultValue = "1",
      description = "pipeline stages (default ${DEFAULT-VALUE})")
  int pp;

  @Option(
      names = "--weights",
      description = "weight dtype: bf16, fp16, fp8, int8, int4, fp4 (default: the model's)")
  String weights;

  @Option(
      names = "--kv-dtype",
      description = "KV-cache dtype: bf16, fp16, fp8, int8 (default: the model's)")
  String kvDtype;

  @Option(
      names = "--batch",
      required = true,
      description = "requests in the batch, or 'max' for the most that fit")
  String batch;

  @Option(names = "--input", required = true, description = "prompt tokens per request")
  int input;

  @Option(names = "--output", required = true, description = "generated tokens per request")
  int output;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<String> errors = new ArrayList<>();
      Optional<ModelArch> arch = lookup(Catalogs.models(), "model", model, errors);
      Optional<GpuSpec> gpuSpec = lookup(Catalogs.gpus(), "gpu", gpu, errors);
      if (!format.equals("text") && !format.equals("json")) {
        errors.add("unknown format '" + format + "'; expected text or json");
      }
      if (input < 1 || output < 1) {
        errors.add(
            "--input and --output must be at least 1 token, got input="
                + input
                + " output="
                + output);
      }
      if (tp < 1 || pp < 1) {
        errors.add("--tp and --pp must be at least 1, got tp=" + tp + " pp=" + pp);
      }
      Integer requested = null;
      if (!batch.equalsIgnoreCase("max")) {
        try {
          requested = Integer.parseInt(batch.trim());
          if (requested < 1) {
            errors.add("--batch must be at least 1 or 'max', got '" + batch + "'");
          }
        } catch (NumberFormatException e) {
          errors.add("--batch must be a number or 'max', got '" + batch + "'");
        }
      }
      if (!errors.isEmpty() || arch.isEmpty() || gpuSpec.isEmpty()) {
        return fail(err, errors);
      }
      Dtype weightDtype = dtype("--weights", weights, arch.get().nativeDtype(), errors);
      Dtype kv = dtype("--kv-dtype", kvDtype, arch.get().nativeDtype(), errors);
      if (!errors.isEmpty()) {
        return fail(err, errors);
      }
      LinkSpec intra = Catalogs.links().find(gpuSpec.get().intraNodeLink()).orElseThrow();
      LinkSpec inter =
          Catalogs.links()
              .find(Catalogs.nodes().forGpu(gpuSpec.get().id()).networkLink())
              .orElse(intra);
      InstanceConfig config =
          new InstanceConfig(arch.get(), gpuSpec.get(), tp, pp, 1, weightDtype, kv, intra, inter);
      List<String> problems = config.problems();
      if (!problems.isEmpty()) {
        return fail(err, problems);
      }

      AnalyticalCostModel costModel = AnalyticalCostModel.calibrated();
      StaticBatchEstimator estimator = new StaticBatchEstimator(costModel);
      MemoryOptions options = MemoryOptions.DEFAULT;
      MemoryEstimate memory = costModel.memory(config, options);
      int resolved =
          requested != null ? requested : estimator.maxBatch(config, input, output, options);
      if (!memory.fits()) {
        return fail(
            err,
            List.of(
                noFit(
                    config,
                    memory,
                    "weights, buffers and runtime alone need "
                        + gib(memory.fixed())
                        + " GiB per GPU, leaving no room for a KV cache")));
      }
      if (resolved < 1) {
        return fail(
            err,
            List.of(
                noFit(config, memory, "not even one request of " + (input + output) + " tokens")));
      }
      StaticBatchEstimate estimate = estimator.estimate(config, resolved, input, output, options);
      if (!estimate.fits()) {
        return fail(
            err,
            List.of(
                noFit(
                    config,
                    memory,
                    "a batch of "
                        + resolved
                        + " requests of "
                        + (input + output)
                        + " tokens needs "
                        + gib(estimate.kvCache())
                        + " GiB of KV cache per GPU, "
                        + gib(memory.kvCapacity())
                        + " GiB is left")));
      }
      if (format.equals("json")) {
        out.println(json(estimate));
      } else {
        out.print(text(config, estimate));
      }
      out.flush();
      return OK;
    } catch (RuntimeException e) {
      err.println("internal error: " + e);
      err.flush();
      return INTERNAL_ERROR;
    }
  }

  private static <T> Optional<T> lookup(
      Catalog<T> catalog, String what, String id, List<String> errors) {
    Optional<T> found = catalog.find(id);
    if (found.isEmpty()) {
      String hint = SpellChecker.didYouMean(id, catalog.namesForSuggestions());
      errors.add(
          "unknown "
              + what
              + " '"
              + id
              + "'"
              + (hint.isEmpty() ? "" : "; " + hint)
              + "\n  help: known "
              + what
              + "s: "
              + String.join(", ", catalog.ids()));
    }
    return found;
  }

  private static Dtype dtype(String flag, String text, Dtype fallback, List<String> errors) {
    if (text == null) {
      return fallback;
    }
    Optional<Dtype> parsed = Dtype.parse(text);
    if (parsed.isEmpty()) {
      errors.add(
          flag + ": unknown dtype '" + text + "'; expected bf16, fp16, fp8, int8, int4 or fp4");
      return fallback;
    }
    return parsed.get();
  }

  private static String noFit(InstanceConfig config, MemoryEstimate memory, String what) {
    return "does not fit: "
        + what
        + " on "
        + config.gpus()
        + " x '"
        + config.gpu().id()
        + "' (per GPU: "
        + gib(memory.weights())
        + " GiB weights, "
        + gib(memory.activations())
        + " GiB activations, "
        + gib(memory.overhead())
        + " GiB runtime, of "
        + gib(memory.usable())
        + " GiB usable)"
        + "\n  help: use a smaller --batch, more --tp/--pp, or --weights/--kv-dtype fp8 where the GPU supports it";
  }

  private static int fail(PrintWriter err, List<String> errors) {
    for (String e : errors) {
      err.println("error: " + e);
    }
    err.flush();
    return INPUT_ERROR;
  }

  /** JSON document; key order fixed by LinkedHashMap. Times in ms, memory in GiB per GPU. */
  static String json(StaticBatchEstimate e) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ttft_ms", round(e.ttft().millis()));
    root.put("tpot_ms", round(e.meanTpot().millis()));
    root.put("output_tokens_per_s", round(e.outputThroughput().perSecond()));
    root.put("total_tokens_per_s", round(e.totalThroughput().perSecond()));
    root.put("batch", e.batch());
    root.put("fits", e.fits());
    root.put("memory_gib", memory(e));
    Map<String, Object> breakdown = new LinkedHashMap<>();
    IterationCost b = e.breakdown();
    breakdown.put("gemm", round(b.gemm().millis()));
    breakdown.put("attention", round(b.attention().millis()));
    breakdown.put("communication", round(b.communication().millis()));
    breakdown.put("overhead", round(b.overhead().millis()));
    breakdown.put("elementwise", round(b.elementwise().millis()));
    root.put("breakdown", breakdown);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Map<String, Object> memory(StaticBatchEstimate e) {
    MemoryEstimate m = e.memory();
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("weights", round(m.weights().gib()));
    memory.put("kv_cache", round(e.kvCache().gib()));
    memory.put("activations", round(m.activations().gib()));
    memory.put("overhead", round(m.overhead().gib()));
    memory.put("total", round(m.fixed().plus(e.kvCache()).gib()));
    memory.put("capacity", round(m.capacity().gib()));
    memory.put("usable", round(m.usable().gib()));
    return memory;
  }

  static String text(InstanceConfig c, StaticBatchEstimate e) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s on %d x %s (tp=%d, pp=%d), weights %s, kv cache %s%n",
            c.model().id(),
            c.gpus(),
            c.gpu().id(),
            c.tp(),
            c.pp(),
            c.weightDtype().id(),
            c.kvDtype().id()));
    s.append(
        String.format(
            Locale.ROOT,
            "static batch of %d requests, %d input + %d output tokens each%n%n",
            e.batch(),
            e.inputTokens(),
            e.outputTokens()));
    s.append(
        String.format(
            Locale.ROOT,
            "  time to first token    %10.1f ms  (prefill of the whole batch)%n",
            e.ttft().millis()));
    s.append(
        String.format(
            Locale.ROOT,
            "  time per output token  %10.2f ms  (mean over the decode)%n",
            e.meanTpot().millis()));
    s.append(
        String.format(Locale.ROOT, "  total time             %10.2f s%n", e.total().seconds()));
    s.append(
        String.format(
            Locale.ROOT,
            "  output throughput      %10.0f tokens/s  (whole instance)%n",
            e.outputThroughput().perSecond()));
    s.append(
        String.format(
            Locale.ROOT,
            "  total throughput       %10.0f tokens/s%n%n",
            e.totalThroughput().perSecond()));
    MemoryEstimate m = e.memory();
    s.append(
        String.format(
            Locale.ROOT,
            "memory per GPU (GiB): weights %.1f, kv cache %.1f, activations %.1f, runtime %.1f%n",
            m.weights().gib(),
            e.kvCache().gib(),
            m.activations().gib(),
            m.overhead().gib()));
    s.append(
        String.format(
            Locale.ROOT,
            "  total %.1f of %.1f usable (%.1f physical)%n%n",
            m.fixed().plus(e.kvCache()).gib(),
            m.usable().gib(),
            m.capacity().gib()));
    IterationCost b = e.breakdown();
    double total = b.total().seconds();
    s.append(
        String.format(
            Locale.ROOT,
            "where the time goes: gemm %.0f%%, attention %.0f%%, communication %.0f%%, elementwise %.0f%%, overhead %.0f%%%n",
            100 * b.gemm().seconds() / total,
            100 * b.attention().seconds() / total,
            100 * b.communication().seconds() / total,
            100 * b.elementwise().seconds() / total,
            100 * b.overhead().seconds() / total));
    return s.toString();
  }

  private static double gib(Bytes bytes) {
    return round(bytes.gib());
  }

  /** Four significant digits is more than the model's accuracy; keeps outputs short and stable. */
  private static double round(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(new MathContext(4)).doubleValue();
  }
}
