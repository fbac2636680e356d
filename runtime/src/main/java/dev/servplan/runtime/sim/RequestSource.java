package dev.servplan.runtime.sim;

/**
 * A stream of requests in arrival order, read one at a time so that a simulation never holds more
 * than the requests in flight. After {@link #advance()} returns true, the accessors describe the
 * current request.
 */
interface RequestSource extends AutoCloseable {
  /** Moves to the next request; false when there is none. */
  boolean advance();

  /** Arrival time of the current request, seconds from the start of the simulation. */
  double time();

  int input();

  int output();

  /**
   * Prompt tokens of the current request already in the prefix cache (whole blocks, below the
   * prompt).
   */
  default int prefixHit() {
    return 0;
  }

  @Override
  void close();
}
