package dev.servplan.hwdb.technique.lora;

import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostConstants;
import dev.servplan.hwdb.cost.CostParameters;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.instance.Batch;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.unit.Bytes;
import java.util.List;

/**
 * LoRA adapters served multiplexed on one base-model instance (S-LoRA, Sheng et al., "S-LoRA:
 * Serving Thousands of Concurrent LoRA Adapters", MLSys 2024; Punica, Chen et al., "Punica:
 * Multi-Tenant LoRA Serving", MLSys 2024): the base weights are shared, each request may name an
 * adapter, and one batch mixes requests of different adapters, whose low-rank products are computed
 * by batched gather kernels (Punica's SGMV, S-LoRA's MBGMM) next to the base model's matmuls.
 *
 * <p>Adapters are applied to the attention projections q, k, v, o and to the dense MLP projections
 * gate, up and down of every layer (MoE expert MLPs carry no adapter here). For a module mapping
 * d_in to d_out features an adapter of rank r holds A (d_in × r) and B (r × d_out): r·(d_in +
 * d_out) parameters, in 16 bits. As in vLLM, every resident adapter occupies a slot sized for
 * {@code maxRank} (smaller ranks are zero-padded), and the slots are taken from the memory that
 * would otherwise hold KV cache (S-LoRA's unified pool gives adapters and KV one budget).
 *
 * @param families the adapter families: how many adapters, their rank, and the share of requests
 *     they receive together (spread evenly over the family)
 * @param maxLoras adapters resident on the GPUs at once (vLLM {@code --max-loras})
 * @param maxRank the slot rank (vLLM {@code --max-lora-rank}), at least every family's rank
 */
public record LoraServing(List<Family> families, int maxLoras, int maxRank)
    implements InstanceTerm {
  /** Adapter weights are kept in 16 bits (vLLM's lora_dtype defaults to the model's bf16/fp16). */
  static final double ADAPTER_BYTES_PER_PARAM = 2.0;

  /**
   * One family of adapters.
   *
   * @param count adapters in the family, at least 1
   * @param rank their LoRA rank r
   * @param share the share of all requests that name one of them, in (0, 1]
   */
  public record Family(int count, int rank, double share) {
    public Family {
      if (count < 1 || rank < 1 || !(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "bad adapter family: count=" + count + " rank=" + rank + " share=" + share);
      }
    }
  }

  public LoraServing {
    families = List.copyOf(families);
    if (families.isEmpty()) {
      throw new IllegalArgumentException("LoRA serving needs at least one adapter family");
    }
    if (maxLoras < 1) {
      throw new IllegalArgumentException("max_loras must be >= 1, got " + maxLoras);
    }
    for (Family f : families) {
      if (f.rank() > maxRank) {
        throw new IllegalArgumentException("rank " + f.rank() + " above max_rank " + maxRank);
      }
    }
  }

  /**
   * The slot ranks engines accept: vLLM's {@code --max-lora-rank} is one of these (vLLM LoRAConfig,
   * {@code MaxLoRARanks}), so a plan's slots are sized as the engine will size them.
   */
  static final int[] SLOT_RANKS = {1, 8, 16, 32, 64, 128, 256};

  /**
   * Every adapter resident: {@code maxLoras} = the adapter count, slots of the smallest accepted
   * rank that holds the largest adapter.
   */
  public static LoraServing allResident(List<Family> families) {
    int count = families.stream().mapToInt(Family::count).sum();
    int rank = families.stream().mapToInt(Family::rank).max().orElse(1);
    return new LoraServing(families, count, slotRank(rank));
  }

  /** The smallest accepted slot rank at least {@code rank} (the largest for ranks above it). */
  public static int slotRank(int rank) {
    for (int r : SLOT_RANKS) {
      if (r >= rank) {
        return r;
      }
    }
    return SLOT_RANKS[SLOT_RANKS.length - 1];
  }

  /** Adapters declared, over all families. */
  public int adapterCount() {
    return families.stream().mapToInt(Family::count).sum();
  }

  /** The share of requests that name an adapter; the rest use the base model. */
  public double loraShare() {
    return Math.min(1, families.stream().mapToDouble(Family::share).sum());
  }

  /**
   * Expected distinct adapters among {@code requests} requests drawn independently by share (balls
   * into bins): each of the n adapters of a family with share s is named by a request with
   * probability p = s / n, and is in the batch unless every request missed it, so E[D] = Σ n·(1 −
   * (1 − s/n)^b).
   */
  public double expectedDistinct(double requests) {
    if (requests <= 0) {
      return 0;
    }
    double distinct = 0;
    for (Family f : families) {
      double p = f.share() / f.count();
      distinct += f.count() * (1 - Math.pow(1 - p, requests));
    }
    return Math.min(distinct, maxLoras);
  }

  /**
   * The adapter a request names given a uniform draw {@code u} in [0, 1): families take consecutive
   * slices of [0, 1) by share and split their slice evenly among their adapters, which are numbered
   * consecutively from 0 in family order; -1 (the base model) past the last slice.
   */
  public int adapterFor(double u) {
    int offset = 0;
    double rest = u;
    for (Family f : families) {
      if (rest < f.share()) {
        return offset + Math.min(f.count() - 1, (int) Math.floor(rest / f.share() * f.count()));
      }
      rest -= f.share();
      offset += f.count();
    }
    return -1;
  }

  /**
   * Σ (d_in + d_out) over the adapted modules of one layer: q, k, v, o and, in layers with a dense
   * MLP, gate, up and down ({@code dense} false for a MoE layer).
   */
  static double moduleWidth(ModelArch m, boolean dense) {
    double h = m.hiddenSize();
    double q = (double) m.heads() * m.headDim();
    double k = (double) m.kvHeads() * m.headDim();
    double v = (double) m.kvHeads() * m.vHeadDim();
    double o = (double) m.heads() * m.vHeadDim();
    double width = (h + q) + (h + k) + (h + v) + (o + h);
    if (dense) {
      width += 3 * (h + m.intermediateSize());
    }
    return width;
  }

  /** Σ (d_in + d_out) over the adapted modules of the layers on one pipeline stage. */
  static double stageWidth(InstanceConfig config) {
    ModelArch m = config.model();
    double layers = Math.ceil((double) m.layers() / config.pp());
    double moeShare = m.layers() == 0 ? 0 : (double) m.moeLayers() / m.layers();
    return layers * ((1 - moeShare) * moduleWidth(m, true) + moeShare * moduleWidth(m, false));
  }

  /** Adapted modules on the most loaded stage: 7 per dense layer, 4 per MoE layer. */
  static double stageModules(InstanceConfig config) {
    ModelArch m = config.model();
    double layers = Math.ceil((double) m.layers() / config.pp());
    double moeShare = m.layers() == 0 ? 0 : (double) m.moeLayers() / m.layers();
    return layers * ((1 - moeShare) * 7 + moeShare * 4);
  }

  /** Parameters of one adapter of rank r: r · Σ_layers Σ_modules (d_in + d_out). */
  public static double parameters(ModelArch m, int rank) {
    double moeShare = m.layers() == 0 ? 0 : (double) m.moeLayers() / m.layers();
    return rank
        * m.layers()
        * ((1 - moeShare) * moduleWidth(m, true) + moeShare * moduleWidth(m, false));
  }

  /**
   * One slot's bytes on one GPU: a rank-{@code maxRank} adapter for the layers of the most loaded
   * stage, split over the tensor-parallel ranks (each rank holds its shard of A or B).
   */
  public Bytes slotBytesPerGpu(InstanceConfig config) {
    return new Bytes(maxRank * stageWidth(config) * ADAPTER_BYTES_PER_PARAM / config.tp());
  }

  /** Memory the {@code maxLoras} slots take on one GPU. */
  public Bytes reservePerGpu(InstanceConfig config) {
    return slotBytesPerGpu(config).times(maxLoras);
  }

  /**
   * One GPU's memory once the adapter slots are allocated: they count with the weights and come out
   * of the KV budget, so {@link MemoryEstimate#maxKvTokens()} shrinks accordingly.
   */
  public MemoryEstimate withAdapters(InstanceConfig config, MemoryEstimate base) {
    Bytes reserve = reservePerGpu(config);
    return new MemoryEstimate(
        base.capacity(),
        base.usable(),
        base.weights().plus(reserve),
        base.activations(),
        base.overhead(),
        base.kvCapacity().minus(reserve),
        base.kvBytesPerToken(),
        base.pageTokens());
  }

  /**
   * Seconds the LoRA kernels add to one iteration on the most loaded GPU: {@code loraTokens} tokens
   * that name an adapter each cost 2·r·(d_in + d_out) FLOPs per module (shrink x·A, then expand
   * (x·A)·B), and the kernels read the slot of each of the {@code distinctAdapters} adapters in the
   * batch once, plus the tokens' activations in and out. Roofline: the longer of tensor-core time
   * at the fitted GEMM efficiency and memory time at the fitted bandwidth efficiency. Punica and
   * S-LoRA measure these kernels as memory-bound at decode batch sizes, which the roofline
   * reproduces.
   */
  public double iterationSeconds(
      InstanceConfig config, CostParameters params, double loraTokens, double distinctAdapters) {
    if (loraTokens <= 0 || distinctAdapters <= 0) {
      return 0;
    }
    double width = stageWidth(config);
    double flops = 2 * loraTokens * maxRank * width / config.tp();
    double peak =
        config
            .gpu()
            .peakFlops(Dtype.BF16)
            .orElseGet(() -> config.gpu().peakFlops(Dtype.FP16).orElse(0.0));
    double weightBytes = distinctAdapters * slotBytesPerGpu(config).bytes();
    // Per module a token's input is read and its output accumulated, and the rank-r intermediate
    // is written by the shrink kernel and read by the expand kernel.
    double activationBytes =
        loraTokens
            * (width / config.tp() + 2.0 * maxRank * stageModules(config))
            * CostConstants.ACTIVATION_BYTES;
    double memory =
        (weightBytes + activationBytes)
            / (config.gpu().memoryBandwidthBytesPerS() * params.memoryEfficiency());
    double compute = peak > 0 ? flops / (peak * params.gemmEfficiency()) : 0;
    return Math.max(compute, memory);
  }

  /** Requests name an adapter, by the adapters' shares ({@link #adapterFor}). */
  @Override
  public boolean labelsRequests() {
    return true;
  }

  @Override
  public int labelFor(double u) {
    return adapterFor(u);
  }

  /** Adapter slots count with the weights, before the speculative draft is sized. */
  @Override
  public int order() {
    return 20;
  }

  @Override
  public boolean changesIterations() {
    return true;
  }

  @Override
  public MemoryEstimate memory(MemoryEstimate gpu, InstanceModel instance) {
    return withAdapters(instance.config(), gpu);
  }

  /**
   * The iteration plus the adapter kernels: for the batch's counted adapters when the caller knows
   * them (the simulator), else for the expected share of its tokens and the expected distinct
   * adapters among its sequences (the queueing model).
   */
  @Override
  public double seconds(Batch batch, InstanceModel instance, Iteration next) {
    double base = next.seconds(batch);
    BatchShape shape = batch.shape();
    if (shape.isEmpty()) {
      return base;
    }
    double tokens =
        batch.adapters().map(Batch.AdapterMix::tokens).orElse(shape.tokens() * loraShare());
    double distinct =
        batch
            .adapters()
            .map(Batch.AdapterMix::distinct)
            .orElse(expectedDistinct(shape.sequences()));
    return base + instance.costModel().loraSeconds(instance.config(), this, tokens, distinct);
  }
}
