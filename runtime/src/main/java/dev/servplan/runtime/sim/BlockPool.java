package dev.servplan.runtime.sim;

/**
 * The free KV blocks of one replica. An ordinary instance owns its pool; the prefill and decode
 * streams of an SM-partitioned replica share one, as the engine keeps one KV cache for both.
 */
final class BlockPool {
  long free;

  BlockPool(long free) {
    this.free = free;
  }
}
