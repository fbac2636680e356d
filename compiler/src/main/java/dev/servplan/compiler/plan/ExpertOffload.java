package dev.servplan.compiler.plan;

/**
 * A group's MoE expert offload: each GPU keeps {@code cachedExperts} of its routed experts per MoE
 * layer in GPU memory and loads the others from host memory when a token is routed to them. Absent
 * on a group that keeps every expert on the GPUs.
 */
public record ExpertOffload(int cachedExperts) {
  public ExpertOffload {
    if (cachedExperts < 0) {
      throw new IllegalArgumentException("cached experts must be >= 0, got " + cachedExperts);
    }
  }
}
