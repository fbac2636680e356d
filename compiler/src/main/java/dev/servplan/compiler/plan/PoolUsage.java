package dev.servplan.compiler.plan;

import java.util.Objects;

/** How many of a pool's GPUs the plan uses, out of how many the inventory has. */
public record PoolUsage(String pool, String gpu, int usedGpus, int availableGpus) {
  public PoolUsage {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(gpu, "gpu");
  }
}
