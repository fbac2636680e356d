package dev.servplan.compiler.workload;

import dev.servplan.compiler.ir.Arrival;
import dev.servplan.compiler.ir.Workload;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment's traffic as the solver integrates it and the simulator samples it: the arrival
 * process, the fitted input and output lengths and the shared prompt prefix, built once from the
 * IR's {@link Workload}.
 *
 * @param trace the trace file the spec replays (relative to the spec), whose requests replace the
 *     fitted process in simulation; the queueing model uses {@code arrivals} (Poisson at the stated
 *     rate) and the fitted lengths
 */
public record WorkloadModel(
    ArrivalModel arrivals,
    LengthDistribution input,
    LengthDistribution output,
    Prefix prefix,
    Optional<String> trace) {
  public WorkloadModel {
    Objects.requireNonNull(arrivals, "arrivals");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(trace, "trace");
  }

  /**
   * A prompt prefix of {@code sharedTokens} found in the prefix cache by a share {@code hitRate} of
   * requests.
   */
  public record Prefix(long sharedTokens, double hitRate) {
    public static final Prefix NONE = new Prefix(0, 0);

    public Prefix {
      if (sharedTokens < 0 || !(hitRate >= 0 && hitRate <= 1)) {
        throw new IllegalArgumentException(
            "prefix needs shared tokens >= 0 and a hit rate in [0, 1]");
      }
    }
  }

  /** The model of a validated workload (its lengths are consistent: see {@link LengthFit}). */
  public static WorkloadModel of(Workload w) {
    Prefix prefix =
        w.prefix()
            .map(p -> new Prefix(p.sharedTokens().value(), p.hitRate().value().value()))
            .orElse(Prefix.NONE);
    Optional<String> trace =
        w.arrival() instanceof Arrival.Trace t ? Optional.of(t.path().value()) : Optional.empty();
    return new WorkloadModel(
        ArrivalModel.of(w),
        LengthDistribution.of(w.input()),
        LengthDistribution.of(w.output()),
        prefix,
        trace);
  }

  /** Requests per second. */
  public double ratePerS() {
    return arrivals.ratePerS();
  }
}
