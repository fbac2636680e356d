package dev.servplan.hwdb.instance;

import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The physics of one serving instance, computed in one place for the solver's queueing model, the
 * simulator and the verifier: a configuration, the engine's memory limits, and the terms of the
 * techniques it uses ({@link InstanceTerm}). {@link #memory()} composes one GPU's memory (weights,
 * buffers, KV budget) and {@link #seconds(Batch)} an iteration's time: the cost model's, as each
 * term changes it.
 */
public final class InstanceModel {
  private final CostModel costModel;
  private final InstanceConfig config;
  private final MemoryOptions memoryOptions;
  private final List<InstanceTerm> terms;
  private final InstanceTerm.Iteration chain;
  private final int decodeSlots;
  private final double tokensPerStep;

  /**
   * The terms that may draw more than one token ({@link InstanceTerm#tokensPerStep} above 1): the
   * simulator asks for every decoding sequence of every iteration, so the others are not asked.
   */
  private final InstanceTerm[] drawing;

  private final boolean plainIterations;

  /** The most context tokens a request keeps: the least of the terms' limits. */
  private final double keptLimit;

  private volatile MemoryEstimate memory;

  private InstanceModel(
      CostModel costModel,
      InstanceConfig config,
      MemoryOptions memoryOptions,
      List<InstanceTerm> terms) {
    this.costModel = Objects.requireNonNull(costModel, "costModel");
    this.config = Objects.requireNonNull(config, "config");
    this.memoryOptions = Objects.requireNonNull(memoryOptions, "memoryOptions");
    List<InstanceTerm> sorted = new ArrayList<>(terms);
    sorted.sort(
        Comparator.comparingInt(InstanceTerm::order).thenComparing(t -> t.getClass().getName()));
    this.terms = List.copyOf(sorted);
    InstanceTerm.Iteration next = b -> costModel.seconds(config, b.shape());
    for (int i = this.terms.size() - 1; i >= 0; i--) {
      InstanceTerm term = this.terms.get(i);
      InstanceTerm.Iteration after = next;
      next = b -> term.seconds(b, this, after);
    }
    this.chain = next;
    int slots = 1;
    double perStep = 1;
    for (InstanceTerm t : this.terms) {
      slots = Math.max(slots, t.decodeSlots());
      perStep *= t.tokensPerStep();
    }
    this.decodeSlots = slots;
    this.tokensPerStep = perStep;
    this.drawing =
        this.terms.stream().filter(t -> t.tokensPerStep() > 1).toArray(InstanceTerm[]::new);
    this.plainIterations = this.terms.stream().noneMatch(InstanceTerm::changesIterations);
    this.keptLimit =
        this.terms.stream()
            .mapToDouble(InstanceTerm::keptLimit)
            .min()
            .orElse(Double.POSITIVE_INFINITY);
  }

  /** The instance with {@code terms} (in any order; they compose by {@link InstanceTerm#order}). */
  public static InstanceModel of(
      CostModel costModel,
      InstanceConfig config,
      MemoryOptions memoryOptions,
      List<? extends InstanceTerm> terms) {
    return new InstanceModel(costModel, config, memoryOptions, List.copyOf(terms));
  }

  /** The instance with no technique. */
  public static InstanceModel plain(
      CostModel costModel, InstanceConfig config, MemoryOptions memoryOptions) {
    return new InstanceModel(costModel, config, memoryOptions, List.of());
  }

  public CostModel costModel() {
    return costModel;
  }

  public InstanceConfig config() {
    return config;
  }

  public MemoryOptions memoryOptions() {
    return memoryOptions;
  }

  public List<InstanceTerm> terms() {
    return terms;
  }

  /** The term of the given type, if the instance has one. */
  public <T extends InstanceTerm> Optional<T> term(Class<T> type) {
    for (InstanceTerm t : terms) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** This instance with one more term. */
  public InstanceModel with(InstanceTerm term) {
    List<InstanceTerm> more = new ArrayList<>(terms);
    more.add(term);
    return new InstanceModel(costModel, config, memoryOptions, more);
  }

  /** The same terms on another engine budget (chunk size). */
  public InstanceModel withMemoryOptions(MemoryOptions options) {
    return new InstanceModel(costModel, config, options, terms);
  }

  /**
   * One GPU's memory (the most loaded stage): the cost model's at the engine budget plus every
   * term's concurrent tokens, then each term in order.
   */
  public MemoryEstimate memory() {
    if (memory == null) {
      int concurrent = 0;
      for (InstanceTerm t : terms) {
        concurrent += t.concurrentTokens();
      }
      MemoryEstimate m =
          costModel.memory(
              config,
              memoryOptions.withMaxTokensPerIteration(
                  memoryOptions.maxTokensPerIteration() + concurrent));
      for (InstanceTerm t : terms) {
        m = t.memory(m, this);
      }
      memory = m;
    }
    return memory;
  }

  /** KV tokens running requests may use: the memory's, less what the terms keep reserved. */
  public long kvTokens() {
    return memory().maxKvTokens() - reservedKvTokens();
  }

  /** KV tokens the terms keep reserved (a cached prefix). */
  public long reservedKvTokens() {
    long reserved = 0;
    for (InstanceTerm t : terms) {
      reserved += t.reservedKvTokens();
    }
    return reserved;
  }

  /** Whether an iteration takes exactly the cost model's time (no term changes it). */
  public boolean plainIterations() {
    return plainIterations;
  }

  /** Tokens one decoding sequence gains in one iteration (1 unless a term draws more). */
  public int sampledTokens(RandomGenerator rng) {
    int tokens = 1;
    for (InstanceTerm t : drawing) {
      tokens = Math.max(tokens, t.sampledTokens(rng));
    }
    return tokens;
  }

  /** Seconds of one iteration of {@code batch}. */
  public double seconds(Batch batch) {
    return chain.seconds(batch);
  }

  /** Seconds of one iteration of {@code shape}, with the terms' expectations of the rest. */
  public double seconds(BatchShape shape) {
    return chain.seconds(Batch.of(shape));
  }

  /** Token-budget and KV slots a decoding sequence takes per iteration. */
  public int decodeSlots() {
    return decodeSlots;
  }

  /** Mean tokens a decoding sequence gains per iteration. */
  public double tokensPerStep() {
    return tokensPerStep;
  }

  /** Tokens of a context a request keeps and attends to. */
  public double keptTokens(double tokens) {
    return Math.min(tokens, keptLimit);
  }

  /** {@link #keptTokens(double)} for whole tokens. */
  public long keptTokens(long tokens) {
    return (long) Math.ceil(keptTokens((double) tokens) - 1e-9);
  }
}
