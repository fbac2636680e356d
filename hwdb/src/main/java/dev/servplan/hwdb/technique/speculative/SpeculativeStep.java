package dev.servplan.hwdb.technique.speculative;

import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.instance.Batch;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Cost of one speculative-decoding step with a separate draft model: the draft proposes {@code
 * tokens} tokens per sequence in {@code tokens} draft iterations, then the target verifies all of
 * them in one iteration with {@code tokens + 1} query tokens per sequence (Leviathan et al., "Fast
 * Inference from Transformers via Speculative Decoding", ICML 2023, Algorithm 1). Each draft token
 * is accepted with probability {@code acceptance}, independently, as in that paper's analysis.
 *
 * @param draft the draft model on the same GPUs and tensor parallelism as the target
 * @param acceptance the per-token acceptance probability α, strictly between 0 and 1
 * @param tokens draft tokens per step k, at least 1
 */
public record SpeculativeStep(InstanceConfig draft, double acceptance, int tokens)
    implements InstanceTerm {
  public SpeculativeStep {
    Objects.requireNonNull(draft, "draft");
    if (!(acceptance > 0 && acceptance < 1)) {
      throw new IllegalArgumentException("acceptance must be in (0, 1), got " + acceptance);
    }
    if (tokens < 1) {
      throw new IllegalArgumentException("draft tokens must be >= 1, got " + tokens);
    }
  }

  /**
   * The draft on the target's GPUs and tensor parallelism (no pipeline or expert parallelism), in
   * its own precision, keeping its KV cache in the target's KV format. Check {@link
   * InstanceConfig#problems()}.
   */
  public static InstanceConfig draftConfig(ModelArch draft, InstanceConfig target) {
    return new InstanceConfig(
        draft,
        target.gpu(),
        target.tp(),
        1,
        1,
        draft.nativeDtype(),
        target.kvDtype(),
        target.intraNodeLink(),
        target.interNodeLink());
  }

  /**
   * Expected tokens a sequence gains per step, E = (1 − α^(k+1)) / (1 − α) (Leviathan et al. 2023,
   * equation 1): the accepted prefix of the k draft tokens plus the one token the target always
   * adds.
   */
  public double expectedTokens() {
    return (1 - Math.pow(acceptance, tokens + 1)) / (1 - acceptance);
  }

  /**
   * Seconds of one step for {@code batch} on {@code target}: the draft's first pass takes the batch
   * as it is (prefill chunks included, since the draft must also hold the prompt's KV), the other k
   * − 1 passes only decode, and the target's verify pass runs every decoding sequence as a
   * (k+1)-token chunk over its context. A batch with no decoding sequence is one ordinary target
   * iteration plus the draft's prefill of the same chunks.
   */
  public double stepSeconds(CostModel costModel, InstanceConfig target, BatchShape batch) {
    int b = batch.decodeSequences();
    double draftSeconds = costModel.seconds(draft, batch);
    if (b == 0) {
      return costModel.seconds(target, batch) + draftSeconds;
    }
    BatchShape decodeOnly = new BatchShape(List.of(), b, batch.decodeContextTokens());
    draftSeconds += (tokens - 1) * costModel.seconds(draft, decodeOnly);
    return costModel.seconds(target, verifyShape(batch)) + draftSeconds;
  }

  /** The target's verify iteration: each decoding sequence becomes a chunk of k+1 query tokens. */
  BatchShape verifyShape(BatchShape batch) {
    int b = batch.decodeSequences();
    long meanContext = Math.round((double) batch.decodeContextTokens() / b);
    List<PrefillChunk> chunks = new ArrayList<>(batch.prefills());
    for (int i = 0; i < b; i++) {
      chunks.add(new PrefillChunk(tokens + 1, meanContext));
    }
    return new BatchShape(chunks, 0, 0);
  }

  /**
   * One GPU's memory when it also keeps the draft's weight shard and the draft's KV for every
   * token: the draft's weights move from the KV budget to the weights, and a token of context costs
   * the two models' KV bytes together, so {@link MemoryEstimate#maxKvTokens()} counts tokens both
   * can hold. The draft's own activation buffers and CUDA graphs are not counted (small next to its
   * weights).
   */
  public static MemoryEstimate withDraft(MemoryEstimate target, MemoryEstimate draft) {
    return new MemoryEstimate(
        target.capacity(),
        target.usable(),
        target.weights().plus(draft.weights()),
        target.activations(),
        target.overhead(),
        target.kvCapacity().minus(draft.weights()),
        target.kvBytesPerToken() + draft.kvBytesPerToken(),
        target.pageTokens());
  }

  /**
   * After the weights' and adapters' placement; innermost of the iteration terms, as it replaces
   * the cost model's iteration by a step.
   */
  @Override
  public int order() {
    return 30;
  }

  /** The draft's weights and, per token, its KV (at the instance's engine budget). */
  @Override
  public MemoryEstimate memory(MemoryEstimate gpu, InstanceModel instance) {
    return withDraft(gpu, instance.costModel().memory(draft, instance.memoryOptions()));
  }

  /** One speculative step replaces the iteration (draft passes and the verify pass). */
  @Override
  public double seconds(Batch batch, InstanceModel instance, Iteration next) {
    return stepSeconds(instance.costModel(), instance.config(), batch.shape());
  }

  @Override
  public boolean changesIterations() {
    return true;
  }

  /**
   * 1 + the accepted draft tokens, drawn from the truncated geometric distribution P(a ≥ j) = α^j,
   * j ≤ k (Leviathan et al. 2023).
   */
  @Override
  public int sampledTokens(RandomGenerator rng) {
    int accepted = 0;
    while (accepted < tokens && rng.nextDouble() < acceptance) {
      accepted++;
    }
    return accepted + 1;
  }

  /** A decode verifies its k draft tokens and samples one more: k + 1 slots. */
  @Override
  public int decodeSlots() {
    return tokens + 1;
  }

  @Override
  public double tokensPerStep() {
    return expectedTokens();
  }
}
