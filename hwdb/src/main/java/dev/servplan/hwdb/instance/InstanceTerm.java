package dev.servplan.hwdb.instance;

import dev.servplan.hwdb.cost.MemoryEstimate;
import java.util.random.RandomGenerator;

/**
 * One serving technique's part of the physics of an instance ({@link InstanceModel}): how it
 * changes one GPU's memory and an iteration's time, the KV slots a decoding sequence takes, the
 * tokens it gains per iteration and the context it keeps. Every method defaults to "no change".
 * Each technique implements its term in its own package (docs/architecture.md).
 */
public interface InstanceTerm {
  /** The term's place in the composition: terms apply in increasing order, ties by class name. */
  int order();

  /** One GPU's memory with this term applied to {@code gpu} (the terms before it applied). */
  default MemoryEstimate memory(MemoryEstimate gpu, InstanceModel instance) {
    return gpu;
  }

  /**
   * Iteration tokens whose activation buffers are live next to the scheduler's budget (an instance
   * that runs a decode batch concurrently with a prefill chunk).
   */
  default int concurrentTokens() {
    return 0;
  }

  /** KV-cache tokens the term keeps reserved (a cached prefix), unavailable to running requests. */
  default long reservedKvTokens() {
    return 0;
  }

  /**
   * Seconds of one iteration of {@code batch}, given {@code next}: the time of the terms after this
   * one and the cost model. A term adds to it, or replaces it (a multi-pass step).
   */
  default double seconds(Batch batch, InstanceModel instance, Iteration next) {
    return next.seconds(batch);
  }

  /** Token-budget and KV slots a decoding sequence takes per iteration. */
  default int decodeSlots() {
    return 1;
  }

  /** Mean tokens a decoding sequence gains per iteration. */
  default double tokensPerStep() {
    return 1;
  }

  /**
   * Tokens one decoding sequence gains in one iteration, drawn from {@code rng} where that is
   * random (accepted draft tokens); 1 by default. Only a term whose {@link #tokensPerStep} is above
   * 1 is asked (a draw of at least 1 token with mean 1 is always 1).
   */
  default int sampledTokens(RandomGenerator rng) {
    return 1;
  }

  /**
   * Whether the term labels each request (the adapter it names): the simulator then draws every
   * request's label with {@link #labelFor}, and a {@link Batch} reports the labels it holds.
   */
  default boolean labelsRequests() {
    return false;
  }

  /** The label of a request drawn from a uniform {@code u} in [0, 1); -1 for none (the base). */
  default int labelFor(double u) {
    return -1;
  }

  /** Whether {@link #seconds} differs from the cost model's iteration (a fast path checks it). */
  default boolean changesIterations() {
    return false;
  }

  /**
   * The most tokens of its context a request keeps and attends to (an eviction budget); unbounded
   * by default.
   */
  default double keptLimit() {
    return Double.POSITIVE_INFINITY;
  }

  /** The rest of an iteration's composition. */
  @FunctionalInterface
  interface Iteration {
    double seconds(Batch batch);
  }
}
