package dev.servplan.runtime.sim;

import java.util.Objects;

/**
 * How long and how to simulate.
 *
 * @param requestsPerDeployment stop each deployment's arrivals after this many requests
 * @param durationS stop arrivals at this simulated time in seconds ({@code +∞}: no limit); requests
 *     already in flight are served to completion either way
 * @param seed seed of the {@link java.util.SplittableRandom} every sample comes from
 */
public record SimOptions(
    long requestsPerDeployment, double durationS, long seed, RouterPolicy router) {
  public static final long DEFAULT_REQUESTS = 10_000;
  public static final long DEFAULT_SEED = 42;

  public SimOptions {
    Objects.requireNonNull(router, "router");
    if (requestsPerDeployment < 1) {
      throw new IllegalArgumentException("requests must be >= 1, got " + requestsPerDeployment);
    }
    if (!(durationS > 0)) {
      throw new IllegalArgumentException("duration must be positive, got " + durationS);
    }
  }

  public static SimOptions defaults() {
    return new SimOptions(
        DEFAULT_REQUESTS, Double.POSITIVE_INFINITY, DEFAULT_SEED, RouterPolicy.LEAST_LOADED);
  }

  public SimOptions withRequests(long requests) {
    return new SimOptions(requests, durationS, seed, router);
  }

  public SimOptions withDuration(double seconds) {
    return new SimOptions(Long.MAX_VALUE, seconds, seed, router);
  }

  public SimOptions withSeed(long newSeed) {
    return new SimOptions(requestsPerDeployment, durationS, newSeed, router);
  }

  public SimOptions withRouter(RouterPolicy policy) {
    return new SimOptions(requestsPerDeployment, durationS, seed, policy);
  }
}
