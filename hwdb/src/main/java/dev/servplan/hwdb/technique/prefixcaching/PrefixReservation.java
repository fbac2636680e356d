package dev.servplan.hwdb.technique.prefixcaching;

import dev.servplan.hwdb.instance.InstanceTerm;

/**
 * Prefix caching as a term of the instance model: the shared prefix's KV blocks stay resident so
 * that later requests hit them, and are not available to running requests. The prefill a hit saves
 * is a property of the workload the instance sees, not of its physics.
 */
public record PrefixReservation(long tokens) implements InstanceTerm {
  public PrefixReservation {
    if (tokens < 0) {
      throw new IllegalArgumentException("reserved prefix tokens must be >= 0, got " + tokens);
    }
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public long reservedKvTokens() {
    return tokens;
  }
}
