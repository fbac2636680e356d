package dev.servplan.hwdb.technique.smpartition;

import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intra-GPU prefill/decode partitioning: one instance runs a prefill stream on a share {@code
 * prefillShare} of every GPU's SMs and a decode stream on the rest, concurrently (CUDA green
 * contexts or MPS), sharing the weights and the KV cache. The idea is from semi-PD (Hong et al.,
 * "semi-PD: Towards Efficient LLM Serving via Phase-Wise Disaggregated Computation and Unified
 * Storage", 2025), Nexus (Shi et al., "Nexus: Proactive Intra-GPU Disaggregation of Prefill and
 * Decode in LLM Serving", 2025) and SGLang's PD multiplexing; NanoFlow (Zhu et al., OSDI 2025) runs
 * operations of different kinds concurrently on SM shares the same way.
 *
 * <p>A phase on a share φ of the SMs is costed by the cost model on a slice of the GPU: φ of the
 * tensor-core peak and of the SMs (tensor cores are per SM, so compute scales linearly), and DRAM
 * bandwidth {@code min(1, φ / SATURATION_SHARE)} of the GPU's, the diminishing return Nexus
 * reports: a memory-bound kernel reaches the full bandwidth with a fraction of the SMs, so the
 * decode stream gains nothing from SMs beyond that point. When both streams run, their DRAM traffic
 * competes: each stream's demand (its bytes at full bandwidth over its time on its slice) is scaled
 * down in proportion so the two together do not exceed the GPU's bandwidth, and the stream is
 * re-costed with the reduced bandwidth. Equations in docs/techniques.md.
 *
 * @param prefillShare the share of SMs the prefill stream holds, strictly between 0 and 1
 */
public record SmPartition(double prefillShare) implements InstanceTerm {
  /**
   * Share of a GPU's SMs at which a memory-bound kernel reaches the GPU's full DRAM bandwidth
   * (dimensionless). Not measured by servplan: derived from Little's law with H100 SXM figures
   * (3.35 TB/s HBM3, 132 SMs, NVIDIA H100 datasheet): saturating the bus needs about B × L ≈ 3.35
   * TB/s × ~0.6 µs loaded DRAM latency ≈ 2 MB in flight, and a streaming kernel keeps on the order
   * of 40 KB in flight per SM (a few 16-byte loads per thread at full occupancy), so about 50 SMs,
   * 0.4 of the GPU. Nexus and semi-PD report the same shape (decode latency flat above a saturation
   * share) without a single figure that transfers across GPUs; replace with a measurement when one
   * exists (docs/techniques.md lists this as approximated).
   */
  public static final double SATURATION_SHARE = 0.4;

  /**
   * Prefill shares the solver tries: 0.2 to 0.8 in steps of 0.1 (finer steps change the plan cost
   * by less than the model's error).
   */
  public static final double[] GRID = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};

  /**
   * Tokens of the decode stream's activation buffers that are live next to a full prefill chunk in
   * a partitioned instance: the solver's decode token budget (1,024), used by the solver when it
   * sizes a partitioned instance and by the plan verifier when it rechecks one.
   */
  public static final int CONCURRENT_DECODE_TOKENS = 1024;

  /**
   * Compute multiplier of the memory-only probe: large enough that no operation is compute-bound.
   */
  private static final double PROBE_COMPUTE = 1e6;

  /** Bandwidth shares are rounded to this step so sliced configurations can be cached. */
  private static final double BANDWIDTH_STEP = 0.01;

  public SmPartition {
    if (!(prefillShare > 0 && prefillShare < 1)) {
      throw new IllegalArgumentException("prefill share must be in (0, 1), got " + prefillShare);
    }
  }

  /** The decode stream's share of the SMs, 1 − f. */
  public double decodeShare() {
    return 1 - prefillShare;
  }

  /** DRAM bandwidth share a stream on {@code smShare} of the SMs can draw alone. */
  public static double bandwidthCap(double smShare) {
    return Math.min(1, smShare / SATURATION_SHARE);
  }

  /** Seconds of the prefill stream's iteration while the decode stream runs {@code decode}. */
  public double prefillSeconds(
      CostModel costModel, InstanceConfig config, BatchShape prefill, BatchShape decode) {
    Phase self = computePhase(costModel, config, prefill, prefillShare);
    return decode.isEmpty()
        ? self.alone()
        : concurrent(
            costModel,
            config,
            prefill,
            self,
            computePhase(costModel, config, decode, decodeShare()));
  }

  /** Seconds of the decode stream's iteration while the prefill stream runs {@code prefill}. */
  public double decodeSeconds(
      CostModel costModel, InstanceConfig config, BatchShape decode, BatchShape prefill) {
    Phase self = computePhase(costModel, config, decode, decodeShare());
    return prefill.isEmpty()
        ? self.alone()
        : concurrent(
            costModel,
            config,
            decode,
            self,
            computePhase(costModel, config, prefill, prefillShare));
  }

  /**
   * A batch on its stream's slice, costed alone: its SM share, its time on the slice with the
   * bandwidth cap a(share), and the seconds it keeps the GPU's DRAM busy at full bandwidth.
   */
  public record Phase(double share, double alone, double dramSeconds) {
    /** The share of the GPU's DRAM bandwidth the batch draws while it runs alone on its slice. */
    double demand() {
      return alone > 0 ? dramSeconds / alone : 0;
    }
  }

  /**
   * {@code batch} alone on {@code share} of the SMs (see {@link Phase}), remembered: the solver
   * costs the same batch on the same slice for every chunk budget and variant of a configuration,
   * and each phase takes three cost-model calls on sliced GPUs. The simulator's batches seldom
   * repeat, so its per-iteration times ({@link #prefillSeconds}, {@link #decodeSeconds}) compute
   * theirs afresh.
   */
  public static Phase phase(
      CostModel costModel, InstanceConfig config, BatchShape batch, double share) {
    PhaseKey key = new PhaseKey(costModel, config, batch, share);
    Phase known = PHASES.get(key);
    if (known != null) {
      return known;
    }
    if (PHASES.size() > 50_000) {
      PHASES.clear(); // bounded: a long-lived language server compiles many specs
    }
    Phase p = computePhase(costModel, config, batch, share);
    PHASES.put(key, p);
    return p;
  }

  /**
   * {@code batch} alone on {@code share} of the SMs, not remembered: for a caller that keeps the
   * phase itself (the simulator keeps each stream's phase for as long as its batch runs).
   */
  public static Phase freshPhase(
      CostModel costModel, InstanceConfig config, BatchShape batch, double share) {
    return computePhase(costModel, config, batch, share);
  }

  private static Phase computePhase(
      CostModel costModel, InstanceConfig config, BatchShape batch, double share) {
    return new Phase(
        share,
        seconds(costModel, config, batch, share, bandwidthCap(share)),
        dramSeconds(costModel, config, batch, share));
  }

  private record PhaseKey(
      CostModel costModel, InstanceConfig config, BatchShape batch, double share) {}

  private static final ConcurrentHashMap<PhaseKey, Phase> PHASES = new ConcurrentHashMap<>();

  /**
   * Seconds of {@code batch} ({@code self}) while another stream runs {@code other}: with DRAM
   * demands d = M / t of the two alone, when d_self + d_other > 1 the batch's bandwidth is scaled
   * by 1 / (d_self + d_other) and it is re-costed. One step, not iterated to a fixed point: the
   * slower streams would demand less, so this overstates contention slightly.
   */
  public static double concurrent(
      CostModel costModel, InstanceConfig config, BatchShape batch, Phase self, Phase other) {
    double demand = self.demand() + other.demand();
    if (demand <= 1) {
      return self.alone();
    }
    return seconds(costModel, config, batch, self.share(), bandwidthCap(self.share()) / demand);
  }

  /**
   * Seconds the batch keeps the GPU's DRAM busy at full bandwidth: the difference between the
   * memory-only times at bandwidth 1 and 2 (compute made unbounded) is half of it, since overheads
   * and communication do not depend on the bandwidth.
   */
  static double dramSeconds(
      CostModel costModel, InstanceConfig config, BatchShape batch, double share) {
    double one = costModel.seconds(slice(config, share, PROBE_COMPUTE, 1), batch);
    double two = costModel.seconds(slice(config, share, PROBE_COMPUTE, 2), batch);
    return Math.max(0, 2 * (one - two));
  }

  /**
   * Seconds of the batch on {@code share} of the SMs with {@code bandwidth} of the DRAM bandwidth.
   */
  public static double seconds(
      CostModel costModel,
      InstanceConfig config,
      BatchShape batch,
      double share,
      double bandwidth) {
    double bw = Math.max(BANDWIDTH_STEP, Math.round(bandwidth / BANDWIDTH_STEP) * BANDWIDTH_STEP);
    return costModel.seconds(slice(config, share, 1, bw), batch);
  }

  private record SliceKey(
      InstanceConfig config, double share, double computeScale, double bandwidth) {}

  /** Sliced configurations by key; a solver sweep reuses a few hundred, so the map stays small. */
  private static final ConcurrentHashMap<SliceKey, InstanceConfig> SLICES =
      new ConcurrentHashMap<>();

  private static InstanceConfig slice(
      InstanceConfig config, double share, double computeScale, double bandwidth) {
    SliceKey key = new SliceKey(config, share, computeScale, bandwidth);
    InstanceConfig sliced = SLICES.get(key);
    if (sliced == null) {
      if (SLICES.size() > 4096) {
        SLICES.clear();
      }
      sliced =
          SLICES.computeIfAbsent(
              key, k -> config.withGpu(slice(config.gpu(), share, computeScale, bandwidth)));
    }
    return sliced;
  }

  /**
   * A slice of the GPU for the cost model: {@code share} of the SMs and of every tensor-core peak
   * (times {@code computeScale}), {@code bandwidth} of the DRAM bandwidth. Memory capacity is the
   * whole GPU's (the streams share it).
   */
  static GpuSpec slice(GpuSpec gpu, double share, double computeScale, double bandwidth) {
    Map<Dtype, Double> tflops = new EnumMap<>(Dtype.class);
    for (Map.Entry<Dtype, Double> e : gpu.denseTflops().entrySet()) {
      tflops.put(e.getKey(), e.getValue() * share * computeScale);
    }
    int sms = Math.max(1, (int) Math.round(gpu.smCount() * share));
    return new GpuSpec(
        String.format(
            Locale.ROOT, "%s@sm%.2f/c%.0f/bw%.2f", gpu.id(), share, computeScale, bandwidth),
        gpu.displayName(),
        gpu.vendor(),
        gpu.aliases(),
        gpu.memory(),
        gpu.memoryBandwidthBytesPerS() * bandwidth,
        tflops,
        sms,
        gpu.l2Cache(),
        gpu.intraNodeLink(),
        gpu.defaultGpusPerNode(),
        gpu.tdpWatts(),
        gpu.price(),
        gpu.priceDate(),
        Objects.requireNonNullElse(gpu.sources(), Map.of()));
  }

  @Override
  public int order() {
    return 70;
  }

  /** Both streams' activation buffers are live at once: a chunk and a full decode batch. */
  @Override
  public int concurrentTokens() {
    return CONCURRENT_DECODE_TOKENS;
  }
}
