package dev.servplan.runtime.sim;

import java.nio.file.Path;
import java.util.Objects;

/** Where a deployment's requests come from: a fitted synthetic process or a trace replay. */
public sealed interface SimWorkload permits SimWorkload.Synthetic, SimWorkload.Replay {
  /** Arrivals from a renewal process, lengths from two fitted distributions. */
  record Synthetic(ArrivalModel arrivals, LengthModel input, LengthModel output) implements SimWorkload {
    public Synthetic {
      Objects.requireNonNull(arrivals, "arrivals");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
    }
  }

  /** Requests replayed from a trace file ({@link TraceFormat}). */
  record Replay(Path trace) implements SimWorkload {
    public Replay {
      Objects.requireNonNull(trace, "trace");
    }
  }
}
