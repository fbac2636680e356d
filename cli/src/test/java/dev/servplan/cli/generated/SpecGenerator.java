package dev.servplan.cli.generated;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Valid multi-pool, multi-deployment specs as YAML text: two to four pools of different GPUs, one
 * to four deployments of catalog models with lognormal prompt and output lengths, a rate sized to
 * need about 1 to 30 instances, p99 TTFT and TPOT targets from tight to loose, and 95-99 %
 * attainment. Every choice is uniform (no size bias, no edge cases), so for one seed the first
 * specs are the same whatever the number of tries.
 */
final class SpecGenerator {
  private SpecGenerator() {}

  /**
   * GPU id, the pool's name and network, whether it computes in fp8, and its memory bandwidth
   * relative to an H100 SXM (catalog GB/s over 3350), which scales the reference instance's rate.
   */
  record Gpu(String id, String pool, String network, boolean fp8, double speed) {}

  static final List<Gpu> GPUS =
      List.of(
          new Gpu("h100-sxm-80gb", "h100", "ib-400g", true, 1.0),
          new Gpu("a100-sxm-80gb", "a100-80", "roce-100g", false, 2039 / 3350.0),
          new Gpu("l40s-48gb", "l40s", "ethernet-100g", true, 864 / 3350.0),
          new Gpu("a100-sxm-40gb", "a100-40", "roce-100g", false, 1555 / 3350.0),
          new Gpu("h200-sxm-141gb", "h200", "ib-400g", true, 4800 / 3350.0),
          new Gpu("l4-24gb", "l4", "ethernet-100g", true, 300 / 3350.0));

  /**
   * A model with rough figures for one well-sized H100 instance of it, used only to size rates and
   * latency targets so that most specs are feasible: prefill and decode throughput in tokens per
   * second, the decode step in milliseconds, and the context length.
   */
  record Model(
      String id, double prefillTokPerS, double decodeTokPerS, double stepMs, int context) {}

  static final List<Model> MODELS =
      List.of(
          new Model("llama-3.1-8b", 14_000, 3_000, 12, 131_072),
          new Model("mistral-7b", 14_000, 3_000, 12, 32_768),
          new Model("qwen2.5-7b", 14_000, 3_000, 12, 32_768),
          new Model("llama-3.1-70b", 6_000, 1_200, 22, 131_072),
          new Model("qwen2.5-72b", 6_000, 1_200, 22, 32_768),
          new Model("mixtral-8x7b", 9_000, 2_000, 16, 32_768));

  record PoolChoice(Gpu gpu, int count) {}

  /**
   * What a deployment serves: its model, lengths and how many reference instances its rate fills.
   */
  record Traffic(
      Model model,
      int inputMean,
      double inputTail,
      int outputMean,
      double outputTail,
      int instances) {}

  /** How a deployment is constrained: SLO tightness, attainment, pools and precisions. */
  record Targets(
      double ttftFactor, double tpotFactor, int attainmentPct, int poolMask, boolean fp8) {}

  record DeploymentChoice(Traffic traffic, Targets targets) {}

  static Arbitrary<GeneratedSpec> specs() {
    Arbitrary<PoolChoice> pool =
        Combinators.combine(Arbitraries.of(GPUS), Arbitraries.of(64, 128, 256)).as(PoolChoice::new);
    Arbitrary<List<PoolChoice>> pools =
        pool.list()
            .ofMinSize(2)
            .ofMaxSize(4)
            .uniqueElements(PoolChoice::gpu)
            .withSizeDistribution(RandomDistribution.uniform());
    Arbitrary<Traffic> traffic =
        Combinators.combine(
                Arbitraries.of(MODELS),
                uniformInts(200, 6_000),
                uniformDoubles(2, 6),
                uniformInts(50, 1_000),
                uniformDoubles(1.5, 4),
                // Reference instances the rate needs, small counts more often.
                Arbitraries.of(1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 30))
            .as(Traffic::new);
    Arbitrary<Targets> targets =
        Combinators.combine(
                uniformDoubles(1.5, 10),
                uniformDoubles(1.5, 6),
                Arbitraries.of(95, 96, 97, 98, 99),
                // Two in three deployments may use every pool, the others a subset of the first
                // three.
                Arbitraries.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7),
                Arbitraries.of(true, false))
            .as(Targets::new);
    Arbitrary<DeploymentChoice> deployment =
        Combinators.combine(traffic, targets).as(DeploymentChoice::new);
    Arbitrary<List<DeploymentChoice>> deployments =
        deployment.list().ofMinSize(1).ofMaxSize(4).withSizeDistribution(uniform());
    return Combinators.combine(pools, deployments).as(SpecGenerator::render);
  }

  private static RandomDistribution uniform() {
    return RandomDistribution.uniform();
  }

  private static Arbitrary<Double> uniformDoubles(double min, double max) {
    return Arbitraries.doubles().between(min, max).ofScale(2).withDistribution(uniform());
  }

  private static Arbitrary<Integer> uniformInts(int min, int max) {
    return Arbitraries.integers().between(min, max).withDistribution(uniform());
  }

  static GeneratedSpec render(List<PoolChoice> pools, List<DeploymentChoice> deployments) {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: servplan/v1\n").append("name: generated\n");
    y.append("inventory:\n  pools:\n");
    for (PoolChoice p : pools) {
      y.append("    - name: ")
          .append(p.gpu().pool())
          .append("\n      gpu: ")
          .append(p.gpu().id())
          .append("\n      count: ")
          .append(p.count())
          .append("\n      network: ")
          .append(p.gpu().network())
          .append('\n');
    }
    y.append("deployments:\n");
    List<String> summaries = new ArrayList<>();
    for (int i = 0; i < deployments.size(); i++) {
      Traffic d = deployments.get(i).traffic();
      Targets t = deployments.get(i).targets();
      Model m = d.model();
      List<PoolChoice> eligible = eligible(pools, t.poolMask());
      int inP99 = (int) Math.min(Math.round(d.inputMean() * d.inputTail()), m.context() * 3L / 4);
      int outP99 = (int) Math.round(d.outputMean() * d.outputTail());
      // Requests one reference instance on the fastest eligible GPU serves: the seconds of prefill
      // and decode work per request on an H100, scaled by the GPU's memory bandwidth.
      double speed = eligible.stream().mapToDouble(p -> p.gpu().speed()).max().orElse(1);
      double perInstance =
          speed / (d.inputMean() / m.prefillTokPerS() + d.outputMean() / m.decodeTokPerS());
      double rate = Math.max(0.1, round1(d.instances() * perInstance));
      // TTFT: the prefill of a p99 prompt on the reference instance, times a factor, at least
      // 150ms.
      long ttftMs =
          Math.max(150, Math.round(t.ttftFactor() * inP99 / m.prefillTokPerS() * 100) * 10);
      long tpotMs = Math.max(10, Math.round(t.tpotFactor() * m.stepMs()));
      String name = "d" + (i + 1);
      y.append("  - name: ").append(name).append('\n');
      y.append("    model: ").append(m.id()).append('\n');
      if (eligible.size() < pools.size()) {
        y.append("    pools: [")
            .append(String.join(", ", eligible.stream().map(p -> p.gpu().pool()).toList()))
            .append("]\n");
      }
      if (t.fp8() && eligible.stream().anyMatch(p -> p.gpu().fp8())) {
        y.append("    precision: {weights: [bf16, fp8], kv_cache: [bf16, fp8]}\n");
      }
      y.append("    workload:\n")
          .append("      rate: ")
          .append(num(rate))
          .append("/s\n")
          .append("      input_tokens: {dist: lognormal, mean: ")
          .append(d.inputMean())
          .append(", p99: ")
          .append(inP99)
          .append("}\n")
          .append("      output_tokens: {dist: lognormal, mean: ")
          .append(d.outputMean())
          .append(", p99: ")
          .append(outP99)
          .append("}\n");
      y.append("    slo:\n")
          .append("      ttft: {p99: ")
          .append(ttftMs)
          .append("ms}\n")
          .append("      tpot: {p99: ")
          .append(tpotMs)
          .append("ms}\n")
          .append("      attainment: ")
          .append(t.attainmentPct())
          .append("%\n");
      summaries.add(
          String.format(
              Locale.ROOT,
              "%s %s %s/s in %d/%d out %d/%d ttft %dms tpot %dms %d%%",
              name,
              m.id(),
              num(rate),
              d.inputMean(),
              inP99,
              d.outputMean(),
              outP99,
              ttftMs,
              tpotMs,
              t.attainmentPct()));
    }
    y.append("objective: minimize-cost\n");
    // A short solver time limit keeps the property fast (servplan compile --time-limit 5s).
    y.append("options:\n  time_limit: 5s\n");
    String poolsText =
        String.join(" ", pools.stream().map(p -> p.gpu().pool() + "x" + p.count()).toList());
    return new GeneratedSpec(y.toString(), poolsText, summaries);
  }

  /** The pools a deployment may use: all when {@code mask} is 0, else the pools its bits select. */
  static List<PoolChoice> eligible(List<PoolChoice> pools, int mask) {
    if (mask == 0) {
      return pools;
    }
    List<PoolChoice> out = new ArrayList<>();
    for (int i = 0; i < pools.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(pools.get(i));
      }
    }
    return out.isEmpty() ? pools : out;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
