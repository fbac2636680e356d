package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.technique.kvcompression.KvCompression;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link CostModel}: a roofline per operation (each matmul, attention and elementwise
 * kernel takes the longer of its compute time and its memory time), α-β collectives, and fixed
 * per-iteration and per-layer overheads. The equations and every constant are in
 * docs/cost-model.md; efficiencies come from {@link CostParameters}. Thread-safe.
 */
public final class AnalyticalCostModel implements CostModel {
  private final CostParameters params;
  private final ConcurrentHashMap<InstanceConfig, PreparedInstance> prepared =
      new ConcurrentHashMap<>();

  public AnalyticalCostModel(CostParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  /** The model with the committed fitted constants. */
  public static AnalyticalCostModel calibrated() {
    return new AnalyticalCostModel(CostParameters.fitted());
  }

  public CostParameters parameters() {
    return params;
  }

  private PreparedInstance prepare(InstanceConfig config) {
    PreparedInstance p = prepared.get(config);
    if (p == null) {
      if (prepared.size() > 4096) {
        prepared.clear(); // a solver sweeps configs; keep the cache bounded
      }
      p = prepared.computeIfAbsent(config, PreparedInstance::new);
    }
    return p;
  }

  @Override
  public IterationCost iteration(InstanceConfig config, BatchShape batch) {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty()) {
      return IterationCost.ZERO;
    }
    double[] parts = new double[5];
    compute(config, batch, parts);
    return IterationCost.ofSeconds(parts[0], parts[1], parts[2], parts[3], parts[4]);
  }

  /** {@link #iteration}'s total without its breakdown (the simulator asks once per iteration). */
  @Override
  public double seconds(InstanceConfig config, BatchShape batch) {
    Objects.requireNonNull(batch, "batch");
    return batch.isEmpty() ? 0 : compute(config, batch, null);
  }

  /**
   * Seconds of one iteration of a non-empty batch; its gemm, attention, communication, elementwise
   * and overhead parts go into {@code parts} when it is not null.
   */
  private double compute(InstanceConfig config, BatchShape batch, double[] parts) {
    PreparedInstance p = prepare(config);
    var model = config.model();
    double tokens = batch.tokens();
    int sequences = batch.sequences();
    // Pipeline parallelism splits the batch into up to pp micro-batches; with fewer sequences than
    // stages some stages idle (the pipeline bubble), which the final scale accounts for.
    int micro = Math.max(1, Math.min(p.pp, sequences));
    double microTokens = tokens / micro;
    double microLogitRows = (double) batch.logitRows() / micro;

    // --- matmuls, per micro-batch on the most loaded stage ---
    double gemm = 0;
    // Index loops: no iterator per call (the simulator calls this once per iteration).
    for (int i = 0; i < p.attentionGemms.size(); i++) {
      gemm += p.layersPerStage * gemmTime(p, p.attentionGemms.get(i), microTokens, false);
    }
    if (p.denseLayersPerStage > 0) {
      for (int i = 0; i < p.denseFfnGemms.size(); i++) {
        gemm += p.denseLayersPerStage * gemmTime(p, p.denseFfnGemms.get(i), microTokens, false);
      }
    }
    double expertWidthTraffic = 0;
    if (p.moeLayersPerStage > 0) {
      double experts = model.experts();
      double perToken = model.expertsPerToken();
      // Expected distinct experts touched by microTokens tokens each routed to perToken of them
      // uniformly: each expert's weights are read once however many tokens it serves.
      double distinct = experts * (1 - Math.pow(1 - perToken / experts, microTokens));
      double localDistinct = distinct / p.ep;
      double rowsPerExpert = microTokens * perToken / distinct;
      double moe = 0;
      for (int i = 0; i < p.moeSharedGemms.size(); i++) {
        moe += gemmTime(p, p.moeSharedGemms.get(i), microTokens, false);
      }
      for (int i = 0; i < p.expertGemms.size(); i++) {
        moe += localDistinct * gemmTime(p, p.expertGemms.get(i), rowsPerExpert, false);
      }
      gemm += p.moeLayersPerStage * moe;
      expertWidthTraffic =
          perToken * p.expertFfnPerGpu / p.ep
              + (double) model.sharedExperts() * model.moeIntermediateSize() / p.tp;
    }
    gemm += gemmTime(p, p.lmHead, microLogitRows, true);
    gemm *= micro;

    // --- attention over the KV cache, all micro-batches ---
    double attention = p.layersPerStage * attentionTime(p, batch);

    // --- elementwise traffic ---
    double ffnTraffic =
        p.denseLayersPerStage * p.denseFfnPerGpu + p.moeLayersPerStage * expertWidthTraffic;
    double elementBytes =
        tokens
            * CostConstants.ACTIVATION_BYTES
            * (p.layersPerStage * CostConstants.NORM_TRAFFIC_HIDDEN_VECTORS * p.hidden
                + CostConstants.ACTIVATION_TRAFFIC_FFN_VECTORS * ffnTraffic);
    double elementwise = elementBytes / (p.memoryBandwidth * params.memoryEfficiency());

    // --- communication ---
    double communication = 0;
    double activationBytes = microTokens * p.hidden * CostConstants.ACTIVATION_BYTES;
    if (p.tp > 1) {
      double allReduce = allReduceTime(p, p.tp, activationBytes);
      // One all-reduce after attention in every layer, one after the FFN in dense layers.
      communication += p.layersPerStage * allReduce + p.denseLayersPerStage * allReduce;
      if (p.moeLayersPerStage > 0) {
        double moeComm;
        if (p.ep > 1) {
          double sent =
              microTokens
                  / p.ep
                  * model.expertsPerToken()
                  * p.hidden
                  * CostConstants.ACTIVATION_BYTES
                  * (p.ep - 1)
                  / p.ep;
          double allToAll =
              params.collectiveLatencyS()
                  + (p.ep - 1) * p.tpLinkLatency
                  + sent / (p.tpLinkBandwidth * params.linkEfficiency());
          moeComm =
              2 * allToAll + (p.ep < p.tp ? allReduceTime(p, p.tp / p.ep, activationBytes) : 0);
        } else {
          moeComm = allReduce;
        }
        communication += p.moeLayersPerStage * moeComm;
      }
      communication *= micro;
    }

    // --- fixed costs ---
    double overhead = micro * p.layersPerStage * params.layerOverheadS();

    // With m micro-batches and pp stages a full step takes max(m, pp) stage-times.
    double scale = (double) Math.max(micro, p.pp) / micro;
    gemm *= scale;
    attention *= scale;
    elementwise *= scale;
    communication *= scale;
    overhead = overhead * scale + params.iterationOverheadS();
    if (p.pp > 1) {
      double transfer = tokens * p.hidden * CostConstants.ACTIVATION_BYTES;
      communication +=
          (p.pp - 1)
              * (params.collectiveLatencyS()
                  + p.ppLinkLatency
                  + transfer / (p.ppLinkBandwidth * params.linkEfficiency()));
    }
    if (parts != null) {
      parts[0] = gemm;
      parts[1] = attention;
      parts[2] = communication;
      parts[3] = elementwise;
      parts[4] = overhead;
    }
    return gemm + attention + communication + elementwise + overhead;
  }

  /**
   * Roofline time of one matmul with {@code rows} batch rows on one GPU: the longer of tensor-core
   * time (with wave quantization over output tiles) and the time to stream the weights and
   * activations, plus in-kernel dequantization for weight-only formats.
   */
  private double gemmTime(PreparedInstance p, Gemm g, double rows, boolean lmHead) {
    if (rows <= 0) {
      return 0;
    }
    double peak = lmHead ? p.peak16Flops : p.peakComputeFlops;
    double bytesPerWeight = lmHead ? CostConstants.ACTIVATION_BYTES : p.weightBytesPerElement;
    double flops = 2 * rows * g.n() * g.k();
    double rowTiles = Math.ceil(rows / CostConstants.GEMM_TILE_M);
    double tiles = rowTiles * Math.ceil(g.n() / CostConstants.GEMM_TILE_N);
    double split = 1;
    if (tiles < p.smCount) {
      split =
          Math.max(
              1,
              Math.min(
                  Math.floor(p.smCount / tiles),
                  Math.floor(g.k() / CostConstants.SPLIT_K_MIN_SLICE)));
    }
    double work = tiles * split;
    double waveEfficiency = work / (Math.ceil(work / p.smCount) * p.smCount);
    double compute = flops / (peak * params.gemmEfficiency() * waveEfficiency);
    double bytes =
        g.weightElements() * bytesPerWeight
            + rows * (g.k() + g.n()) * CostConstants.ACTIVATION_BYTES;
    double memory = bytes / (p.memoryBandwidth * params.memoryEfficiency());
    double time = Math.max(compute, memory);
    if (!lmHead && p.config.weightOnlyQuantized()) {
      time += g.weightElements() * rowTiles * params.dequantFlopsPerElement() / p.peak16Flops;
    }
    return time;
  }

  /** Attention time of one layer for the whole batch on one GPU. */
  private double attentionTime(PreparedInstance p, BatchShape batch) {
    double computeRate = p.peak16Flops * CostConstants.ATTENTION_EFFICIENCY;
    double memoryRate = p.memoryBandwidth * params.memoryEfficiency();
    double time = 0;
    if (batch.decodeSequences() > 0) {
      double context = batch.decodeContextTokens();
      if (p.slidingWindow > 0) {
        context = Math.min(context, (double) p.slidingWindow * batch.decodeSequences());
      }
      time +=
          Math.max(
              context * p.attentionFlopsPerPair / computeRate,
              context * p.kvBytesPerTokenLayer / memoryRate);
      time += kvDequantSeconds(p, context);
    }
    List<PrefillChunk> prefills = batch.prefills();
    for (int i = 0; i < prefills.size(); i++) {
      PrefillChunk chunk = prefills.get(i);
      double c = chunk.tokens();
      double cached = chunk.cachedTokens();
      if (p.slidingWindow > 0) {
        cached = Math.min(cached, p.slidingWindow);
      }
      // Causal: token i of the chunk attends to the cached prefix and to i+1 chunk tokens.
      double pairs = c * (cached + (c + 1) / 2);
      double kvBytes = (cached + c) * p.kvBytesPerTokenLayer;
      time += Math.max(pairs * p.attentionFlopsPerPair / computeRate, kvBytes / memoryRate);
      time += kvDequantSeconds(p, cached);
    }
    return time;
  }

  /**
   * Widening {@code tokens} cached tokens of one layer from a KIVI format to 16 bits inside the
   * attention kernel (KIVI fuses dequantization with the attention matmuls). Assumption of this
   * model: it costs what widening one weight-only-quantized element does in a GEMM ({@code
   * dequant.flops.per.element} 16-bit FLOP equivalents, fitted on weight-only rows), once per
   * element read. Zero for the 16-bit, fp8 and int8 formats.
   */
  private double kvDequantSeconds(PreparedInstance p, double tokens) {
    if (!KvCompression.isGroupQuantized(p.config.kvDtype()) || tokens <= 0) {
      return 0;
    }
    return tokens * p.kvElementsPerTokenLayer * params.dequantFlopsPerElement() / p.peak16Flops;
  }

  /**
   * Ring all-reduce of {@code bytes} per GPU over {@code ranks} GPUs: 2(n−1) steps of α plus
   * 2(n−1)/n of the data.
   */
  private double allReduceTime(PreparedInstance p, int ranks, double bytes) {
    if (ranks <= 1) {
      return 0;
    }
    return params.collectiveLatencyS()
        + 2.0 * (ranks - 1) * p.tpLinkLatency
        + 2.0 * (ranks - 1) / ranks * bytes / (p.tpLinkBandwidth * params.linkEfficiency());
  }

  /**
   * Time of each weight matmul on one GPU for {@code rows} batch rows, summed over the layers of
   * the most loaded pipeline stage, keyed by operation ({@code qkv_proj}, {@code o_proj}, {@code
   * ffn_gate_up}, {@code ffn_down}, {@code expert_*}, {@code lm_head}, ...). For explaining where
   * the GEMM time of {@link #iteration} goes and for checking it against per-kernel measurements.
   */
  public Map<String, Duration> matmulTimes(InstanceConfig config, double rows) {
    PreparedInstance p = prepare(config);
    Map<String, Duration> times = new LinkedHashMap<>();
    for (Gemm g : p.attentionGemms) {
      times.put(g.name(), Duration.ofSeconds(p.layersPerStage * gemmTime(p, g, rows, false)));
    }
    for (Gemm g : p.denseFfnGemms) {
      if (p.denseLayersPerStage > 0) {
        times.put(
            g.name(), Duration.ofSeconds(p.denseLayersPerStage * gemmTime(p, g, rows, false)));
      }
    }
    if (p.moeLayersPerStage > 0) {
      var model = config.model();
      double experts = model.experts();
      double distinct = experts * (1 - Math.pow(1 - model.expertsPerToken() / experts, rows));
      double rowsPerExpert = rows * model.expertsPerToken() / distinct;
      for (Gemm g : p.moeSharedGemms) {
        times.put(g.name(), Duration.ofSeconds(p.moeLayersPerStage * gemmTime(p, g, rows, false)));
      }
      for (Gemm g : p.expertGemms) {
        times.put(
            g.name(),
            Duration.ofSeconds(
                p.moeLayersPerStage * distinct / p.ep * gemmTime(p, g, rowsPerExpert, false)));
      }
    }
    times.put(p.lmHead.name(), Duration.ofSeconds(gemmTime(p, p.lmHead, rows, true)));
    return times;
  }

  @Override
  public double loraSeconds(
      InstanceConfig config, LoraServing lora, double loraTokens, double distinctAdapters) {
    return lora.iterationSeconds(config, params, loraTokens, distinctAdapters);
  }

  @Override
  public MemoryEstimate memory(InstanceConfig config, MemoryOptions options) {
    Objects.requireNonNull(options, "options");
    PreparedInstance p = prepare(config);
    var model = config.model();
    double elements =
        p.layersPerStage * sum(p.attentionGemms) + p.denseLayersPerStage * sum(p.denseFfnGemms);
    if (model.isMoe()) {
      double localExperts = (double) model.experts() / p.ep;
      elements += p.moeLayersPerStage * (sum(p.moeSharedGemms) + localExperts * sum(p.expertGemms));
    }
    double weights = elements * p.weightBytesPerElement;
    // Embedding and LM head stay 16-bit (quantizers leave them unquantized by default); the first
    // stage holds the embedding, the last the head, one stage holds both when pp = 1.
    double vocabShard = p.lmHead.weightElements() * CostConstants.ACTIVATION_BYTES;
    int vocabMatrices = p.pp == 1 && !model.tiedEmbeddings() ? 2 : 1;
    weights += vocabMatrices * vocabShard;
    // Two RMSNorm weight vectors per layer, 16-bit.
    weights += p.layersPerStage * 2 * p.hidden * CostConstants.ACTIVATION_BYTES;

    double tokens = options.maxTokensPerIteration();
    double qkvWidth = p.attentionGemms.get(0).n();
    double ffnWidth =
        Math.max(p.denseFfnPerGpu, model.isMoe() ? model.expertsPerToken() * p.expertFfnPerGpu : 0);
    double activations =
        tokens * CostConstants.ACTIVATION_BYTES * (3 * p.hidden + qkvWidth + 3 * ffnWidth)
            + Math.min(tokens, CostConstants.WORKSPACE_LOGIT_ROWS)
                * p.lmHead.n()
                * CostConstants.LOGIT_BYTES;

    Bytes overhead = CostConstants.CUDA_CONTEXT.plus(CostConstants.CUDA_GRAPHS);
    if (config.gpus() > 1) {
      overhead = overhead.plus(CostConstants.NCCL_BUFFERS);
    }
    Bytes capacity = config.gpu().memory();
    Bytes usable = capacity.times(options.gpuMemoryUtilization().value());
    Bytes kvCapacity =
        usable.minus(new Bytes(weights)).minus(new Bytes(activations)).minus(overhead);
    return new MemoryEstimate(
        capacity,
        usable,
        new Bytes(weights),
        new Bytes(activations),
        overhead,
        kvCapacity,
        p.kvBytesPerTokenLayer * p.layersPerStage,
        options.pageTokens());
  }

  private static double sum(List<Gemm> gemms) {
    double total = 0;
    for (Gemm g : gemms) {
      total += g.weightElements();
    }
    return total;
  }
}
