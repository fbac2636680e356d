package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import java.util.List;
import java.util.Optional;

/** Small deployments on catalog hardware for simulator tests. */
final class SimFixtures {
  static final AnalyticalCostModel COST = AnalyticalCostModel.calibrated();

  private SimFixtures() {}

  static InstanceConfig llama8bOnH100(int tp) {
    var model = Catalogs.models().find("llama-3.1-8b").orElseThrow();
    var gpu = Catalogs.gpus().find("h100-sxm-80gb").orElseThrow();
    var link = Catalogs.links().find("nvlink4").orElseThrow();
    return InstanceConfig.of(model, gpu, tp, 1, link);
  }

  static SimGroup group(GroupRole role, int instances, long kvBlocks) {
    InstanceConfig config = llama8bOnH100(1);
    return new SimGroup(
        "g-" + role.id(),
        role,
        COST,
        config,
        instances,
        256,
        8192,
        kvBlocks,
        ModelMath.kvBytesPerToken(config.model(), Dtype.BF16).bytes(),
        Catalogs.links().find("ib-400g").orElseThrow(),
        1.0);
  }

  /**
   * One unified replica of {@code config} named "g", without prefix caching, with the given
   * technique terms (the instance model the plan's settings would resolve to).
   */
  static SimGroup unified(
      InstanceConfig config, int maxNumSeqs, int maxTokens, long kvBlocks, InstanceTerm... terms) {
    return new SimGroup(
        "g",
        GroupRole.UNIFIED,
        InstanceModel.of(
            COST,
            config,
            MemoryOptions.DEFAULT.withMaxTokensPerIteration(maxTokens),
            List.of(terms)),
        1,
        maxNumSeqs,
        maxTokens,
        kvBlocks,
        ModelMath.kvBytesPerToken(config.model(), Dtype.BF16).bytes(),
        Catalogs.links().find("ib-400g").orElseThrow(),
        1.0,
        false);
  }

  /** KV blocks one instance has at vLLM's default memory settings. */
  static long defaultBlocks(InstanceConfig config) {
    return COST.memory(config, MemoryOptions.DEFAULT).maxKvTokens() / SimGroup.BLOCK_TOKENS;
  }

  static SimDeployment unified(int instances, long kvBlocks, double rate, int input, int output) {
    return new SimDeployment(
        "chat",
        List.of(group(GroupRole.UNIFIED, instances, kvBlocks)),
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(rate),
            LengthDistribution.fixed(input),
            LengthDistribution.fixed(output)),
        List.of(
            new SloTarget(Slo.Metric.TTFT, Slo.Percentile.P99, Duration.ofMillis(500)),
            new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(50))),
        new Fraction(0.99));
  }

  /** The fit of a spec's {@code {dist: lognormal, mean, p99, max}}. */
  static LengthDistribution lognormal(double mean, double p99, double max) {
    Span span = SourceFile.of("fixture", "").wholeSpan();
    return LengthDistribution.of(
        new LengthDist(
            new Val<>(LengthDist.Kind.LOGNORMAL, span),
            new Val<>(mean, span),
            Optional.empty(),
            Optional.of(new Val<>(p99, span)),
            Optional.empty(),
            Optional.of(new Val<>(max, span)),
            span));
  }
}
