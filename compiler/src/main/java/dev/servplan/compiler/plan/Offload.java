package dev.servplan.compiler.plan;

/**
 * A group's weight offload to host memory: GiB of each GPU's weight shard kept in host DRAM and
 * streamed over the CPU-to-GPU link in every forward pass (the engines' {@code --cpu-offload-gb},
 * per GPU). Absent on a group that keeps all its weights on the GPUs.
 */
public record Offload(double weightsHostGib) {
  public Offload {
    if (!(weightsHostGib > 0) || Double.isInfinite(weightsHostGib)) {
      throw new IllegalArgumentException(
          "offloaded weights must be a positive GiB figure, got " + weightsHostGib);
    }
  }
}
