package dev.servplan.bench;

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
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.GroupRole;
import dev.servplan.runtime.sim.SimDeployment;
import dev.servplan.runtime.sim.SimGroup;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.SimWorkload;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.sim.SloTarget;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The discrete-event simulator on the setup of runtime's hand-run {@code SimBenchmark}: 16 unified
 * llama-3.1-8b instances on one H100 each, Poisson arrivals at 12/s per instance, lognormal lengths
 * (input mean 800, p99 4000; output mean 200, p99 800). Target: one million requests under 10 s.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class SimulateBench {
  static final int INSTANCES = 16;
  static final long REQUESTS = 1_000_000;

  /**
   * Requests per second per instance: about 70 % of what one H100 serves at these lengths
   * (SimBenchmark).
   */
  static final double RATE_PER_INSTANCE = 12.0;

  private Simulator simulator;
  private SimDeployment deployment;
  private SimReport last;

  @Setup(Level.Trial)
  public void build() {
    AnalyticalCostModel cost = AnalyticalCostModel.calibrated();
    simulator = new Simulator(cost);
    deployment = deployment(cost, INSTANCES);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public SimReport oneMillionRequests16Instances() {
    last = simulator.run(List.of(deployment), SimOptions.defaults().withRequests(REQUESTS));
    return last;
  }

  /** Requests and events simulated, so the timing can be read per event. */
  @TearDown(Level.Trial)
  public void report() {
    if (last != null) {
      DeploymentResult r = last.deployments().get(0);
      System.out.printf(
          Locale.ROOT,
          "%nsimulated %d requests (%d rejected), %d events, %.0f s simulated;"
              + " ttft p99 %.1f ms, tpot p99 %.1f ms, attainment %.4f%n",
          r.requests(),
          r.rejected(),
          last.events(),
          last.simulatedSeconds(),
          r.ttftMs().p99(),
          r.tpotMs().p99(),
          r.sloAttainment());
    }
  }

  /**
   * The SimBenchmark deployment: one unified group of {@code instances} llama-3.1-8b engines on
   * H100s.
   */
  static SimDeployment deployment(AnalyticalCostModel cost, int instances) {
    var model = Catalogs.models().find("llama-3.1-8b").orElseThrow();
    var gpu = Catalogs.gpus().find("h100-sxm-80gb").orElseThrow();
    InstanceConfig config =
        InstanceConfig.of(model, gpu, 1, 1, Catalogs.links().find("nvlink4").orElseThrow());
    // KV blocks at vLLM's default memory settings; max_num_seqs 256 and max_num_batched_tokens 8192
    // as in SimBenchmark's fixture.
    long blocks = cost.memory(config, MemoryOptions.DEFAULT).maxKvTokens() / SimGroup.BLOCK_TOKENS;
    SimGroup group =
        new SimGroup(
            "g-unified",
            GroupRole.UNIFIED,
            cost,
            config,
            instances,
            256,
            8192,
            blocks,
            ModelMath.kvBytesPerToken(model, Dtype.BF16).bytes(),
            Catalogs.links().find("ib-400g").orElseThrow(),
            1.0);
    SimWorkload workload =
        new SimWorkload.Synthetic(
            ArrivalModel.poisson(RATE_PER_INSTANCE * instances),
            lognormal(800, 4000),
            lognormal(200, 800));
    return new SimDeployment(
        "bench",
        List.of(group),
        workload,
        List.of(
            new SloTarget(Slo.Metric.TTFT, Slo.Percentile.P99, Duration.ofMillis(500)),
            new SloTarget(Slo.Metric.TPOT, Slo.Percentile.P99, Duration.ofMillis(50))),
        new Fraction(0.99));
  }

  /**
   * A lognormal length fitted from a spec's {@code {mean, p99, max: 100000}}, as the solver and the
   * simulator fit it.
   */
  private static LengthDistribution lognormal(double mean, double p99) {
    Span span = SourceFile.of("bench", "").wholeSpan();
    return LengthDistribution.of(
        new LengthDist(
            new Val<>(LengthDist.Kind.LOGNORMAL, span),
            new Val<>(mean, span),
            Optional.empty(),
            Optional.of(new Val<>(p99, span)),
            Optional.empty(),
            Optional.of(new Val<>(100_000.0, span)),
            span));
  }
}
