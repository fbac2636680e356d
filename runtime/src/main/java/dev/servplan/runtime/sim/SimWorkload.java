package dev.servplan.runtime.sim;

import java.nio.file.Path;
import java.util.Objects;

/** Where a deployment's requests come from: a fitted synthetic process or a trace replay. */
public sealed interface SimWorkload permits SimWorkload.Synthetic, SimWorkload.Replay {
  /** Arrivals from a renewal process, lengths from two fitted distributions. */
  record Synthetic(ArrivalModel arrivals, LengthModel input, LengthModel output, Prefix prefix)
      implements SimWorkload {
    public Synthetic {
      Objects.requireNonNull(arrivals, "arrivals");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(prefix, "prefix");
    }

    /** No shared prefix. */
    public Synthetic(ArrivalModel arrivals, LengthModel input, LengthModel output) {
      this(arrivals, input, output, Prefix.NONE);
    }
  }

  /**
   * A prompt prefix of {@code sharedTokens} found in the prefix cache by a share {@code hitRate} of
   * requests.
   */
  record Prefix(long sharedTokens, double hitRate) {
    public static final Prefix NONE = new Prefix(0, 0);

    public Prefix {
      if (sharedTokens < 0 || !(hitRate >= 0 && hitRate <= 1)) {
        throw new IllegalArgumentException(
            "prefix needs shared tokens >= 0 and a hit rate in [0, 1]");
      }
    }
  }

  /** Requests replayed from a trace file ({@link TraceFormat}). */
  record Replay(Path trace) implements SimWorkload {
    public Replay {
      Objects.requireNonNull(trace, "trace");
    }
  }
}
