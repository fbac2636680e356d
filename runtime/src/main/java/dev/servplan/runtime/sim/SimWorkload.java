package dev.servplan.runtime.sim;

import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.compiler.workload.WorkloadModel;
import dev.servplan.compiler.workload.WorkloadModel.Prefix;
import java.nio.file.Path;
import java.util.Objects;

/** Where a deployment's requests come from: a fitted synthetic process or a trace replay. */
public sealed interface SimWorkload permits SimWorkload.Synthetic, SimWorkload.Replay {
  /** Arrivals from a renewal process and two fitted lengths: a {@link WorkloadModel}'s parts. */
  record Synthetic(
      ArrivalModel arrivals, LengthDistribution input, LengthDistribution output, Prefix prefix)
      implements SimWorkload {
    public Synthetic {
      Objects.requireNonNull(arrivals, "arrivals");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(prefix, "prefix");
    }

    /** No shared prefix. */
    public Synthetic(ArrivalModel arrivals, LengthDistribution input, LengthDistribution output) {
      this(arrivals, input, output, Prefix.NONE);
    }
  }

  /** Requests replayed from a trace file ({@link TraceFormat}). */
  record Replay(Path trace) implements SimWorkload {
    public Replay {
      Objects.requireNonNull(trace, "trace");
    }
  }
}
