package dev.servplan.solver;

/** The grids the solver searches: batch limits, chunk budgets and the latency tiers. */
public final class CandidateGrid {
  private CandidateGrid() {}

  /** Grid of {@code max_num_seqs}; the smallest value above the steady-state batch is chosen. */
  public static final int[] MAX_NUM_SEQS = {16, 32, 64, 128, 256, 512, 1024};

  /**
   * Grid of {@code max_num_batched_tokens} (chunked-prefill budget) for unified and prefill
   * instances.
   */
  public static final int[] CHUNK_TOKENS = {512, 2048, 8192, 16384};

  /** Decode-only instances need a token budget of at least max_num_seqs; the grid's top value. */
  public static final int DECODE_TOKENS = 1024;

  /** SLO scale factors of the minimize-latency tiers: tier k must meet limit × TIGHTEN[k]. */
  public static final double[] TIGHTEN = {1.0, 0.8, 0.6, 0.45, 0.3};

  /** Whether {@code chunk} is a value of {@link #CHUNK_TOKENS}. */
  static boolean chunkGridHas(int chunk) {
    for (int c : CHUNK_TOKENS) {
      if (c == chunk) {
        return true;
      }
    }
    return false;
  }
}
