package dev.servplan.bench;

import dev.servplan.solver.SolveResult;
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
 * Spec text to plan, end to end: YAML front end, lowering, validation, candidate evaluation, CP-SAT
 * and node packing, and (the {@code Checked} benchmarks, as {@code servplan compile} does) the
 * simulation check. Targets (docs/performance.md, issue #12): the chat example under 300 ms
 * in-process; both 20-deployment fleets within their 10 s time limit with a gap of at most 1 %.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class SolveBench {
  /** The fleet's {@code options.time_limit}: the target, so a miss shows as FEASIBLE with a gap. */
  static final String FLEET_TIME_LIMIT = "10s";

  private String chatText;
  private String fleetText;
  private String longFleetText;
  private SolveResult lastChat;
  private SolveResult lastFleet;
  private SolveResult lastLongFleet;

  @Setup(Level.Trial)
  public void load() {
    chatText = Pipeline.resource("chat.yaml");
    fleetText = FleetSpec.yaml(FLEET_TIME_LIMIT);
    longFleetText = FleetSpec.longPromptsYaml(FLEET_TIME_LIMIT);
  }

  /**
   * examples/chat.yaml: llama-3.1-70b on 64 H100s, disaggregation and two precisions to choose
   * from.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public SolveResult singleDeployment() {
    lastChat = Pipeline.compileAndSolve("chat.yaml", chatText);
    return lastChat;
  }

  /** examples/chat.yaml as {@code servplan compile} does it: the plan checked in simulation. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public SolveResult singleDeploymentChecked() {
    lastChat = Pipeline.compileAndCheck("chat.yaml", chatText);
    return lastChat;
  }

  /**
   * {@link FleetSpec}: 20 deployments of five models over 8 pools of five GPU types, 9,984 GPUs,
   * checked in simulation as {@code servplan compile} does.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public SolveResult fleet20x8Checked() {
    lastFleet = Pipeline.compileAndCheck("fleet-20x8.yaml", fleetText);
    return lastFleet;
  }

  /**
   * {@link FleetSpec#longPromptsYaml}: the same fleet with 2-4k-token prompts, 1 s TTFT targets.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public SolveResult longPromptFleetChecked() {
    lastLongFleet = Pipeline.compileAndCheck("fleet-20x8-long-prompts.yaml", longFleetText);
    return lastLongFleet;
  }

  /** The timing does not say whether the plan is optimal; print the last plan's status and gap. */
  @TearDown(Level.Trial)
  public void report() {
    if (lastChat != null) {
      System.out.print("\nchat.yaml: " + FleetReport.describe(lastChat));
    }
    if (lastFleet != null) {
      System.out.print("\nfleet-20x8: " + FleetReport.describe(lastFleet));
    }
    if (lastLongFleet != null) {
      System.out.print("\nfleet-20x8-long-prompts: " + FleetReport.describe(lastLongFleet));
    }
  }
}
