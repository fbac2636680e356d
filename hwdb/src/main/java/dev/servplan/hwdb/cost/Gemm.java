package dev.servplan.hwdb.cost;

/**
 * One weight matmul as one GPU sees it: {@code out[M×N] = in[M×K] · W[K×N]}, with M the rows of the
 * batch (tokens) supplied at evaluation time.
 */
record Gemm(String name, double n, double k) {
  /** Weight elements on this GPU. */
  double weightElements() {
    return n * k;
  }
}
