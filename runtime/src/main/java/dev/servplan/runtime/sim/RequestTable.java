package dev.servplan.runtime.sim;

import java.util.Arrays;

/**
 * The requests in flight, one slot each in parallel primitive arrays; a finished request's slot is
 * reused, so memory follows the number in flight, not the number simulated.
 *
 * <p>Token accounting follows vLLM's v1 scheduler: a request's target is its prompt plus the tokens
 * generated so far; each iteration computes KV for some of the {@code target − computed} missing
 * tokens (a prefill chunk, or one token when decoding), and when {@code computed} reaches the
 * target a new token is sampled. Recompute preemption sets {@code computed} back to 0.
 */
final class RequestTable {
  double[] arrival = new double[0];
  double[] firstToken = new double[0];
  int[] input = new int[0];
  int[] output = new int[0];
  int[] generated = new int[0];
  int[] computed = new int[0];

  /**
   * Prompt tokens found in the prefix cache on arrival: never recomputed, even after preemption.
   */
  int[] cachedPrefix = new int[0];

  /** KV blocks held on the instance currently serving the request. */
  int[] blocks = new int[0];

  int[] deployment = new int[0];

  /** The label (adapter) the request names, from {@link RequestLabels}, or -1. */
  int[] adapter = new int[0];

  int[] instance = new int[0];

  /**
   * For a prefill → decode hand-off: the prefill instance still holding the KV during the transfer.
   */
  int[] sourceInstance = new int[0];

  int[] sourceBlocks = new int[0];

  /** The scheduler step that last put the request in a batch (to skip it when picking a victim). */
  long[] scheduledStep = new long[0];

  /**
   * The request's index in its deployment's {@link RequestTimeline} sample, or -1 when not sampled.
   */
  int[] sample = new int[0];

  private int[] free = new int[0];
  private int freeCount;
  private int capacity;
  private int live;

  int live() {
    return live;
  }

  int allocate(int dep, double arrivalTime, int inputTokens, int outputTokens, int prefixHit) {
    if (freeCount == 0) {
      grow();
    }
    int slot = free[--freeCount];
    live++;
    arrival[slot] = arrivalTime;
    firstToken[slot] = Double.NaN;
    input[slot] = inputTokens;
    output[slot] = outputTokens;
    generated[slot] = 0;
    computed[slot] = prefixHit;
    cachedPrefix[slot] = prefixHit;
    blocks[slot] = 0;
    deployment[slot] = dep;
    adapter[slot] = -1;
    instance[slot] = -1;
    sourceInstance[slot] = -1;
    sourceBlocks[slot] = 0;
    scheduledStep[slot] = -1;
    sample[slot] = -1;
    return slot;
  }

  void release(int slot) {
    free[freeCount++] = slot;
    live--;
  }

  /** Tokens whose KV must exist before the next token can be sampled: prompt plus generated. */
  int target(int slot) {
    return input[slot] + generated[slot];
  }

  private void grow() {
    int newCapacity = Math.max(64, capacity * 2);
    arrival = Arrays.copyOf(arrival, newCapacity);
    firstToken = Arrays.copyOf(firstToken, newCapacity);
    input = Arrays.copyOf(input, newCapacity);
    output = Arrays.copyOf(output, newCapacity);
    generated = Arrays.copyOf(generated, newCapacity);
    computed = Arrays.copyOf(computed, newCapacity);
    cachedPrefix = Arrays.copyOf(cachedPrefix, newCapacity);
    blocks = Arrays.copyOf(blocks, newCapacity);
    deployment = Arrays.copyOf(deployment, newCapacity);
    adapter = Arrays.copyOf(adapter, newCapacity);
    instance = Arrays.copyOf(instance, newCapacity);
    sourceInstance = Arrays.copyOf(sourceInstance, newCapacity);
    sourceBlocks = Arrays.copyOf(sourceBlocks, newCapacity);
    scheduledStep = Arrays.copyOf(scheduledStep, newCapacity);
    sample = Arrays.copyOf(sample, newCapacity);
    free = Arrays.copyOf(free, newCapacity);
    // Push new slots so the lowest index is handed out first.
    for (int slot = newCapacity - 1; slot >= capacity; slot--) {
      free[freeCount++] = slot;
    }
    capacity = newCapacity;
  }
}
