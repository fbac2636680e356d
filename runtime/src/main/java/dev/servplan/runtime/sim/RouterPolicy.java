package dev.servplan.runtime.sim;

/** How a deployment's front-end spreads requests over its replicas. */
public enum RouterPolicy {
  /** Replicas in turn, regardless of load. */
  ROUND_ROBIN,
  /** The replica with the fewest requests waiting or running; ties go round-robin. */
  LEAST_LOADED
}
