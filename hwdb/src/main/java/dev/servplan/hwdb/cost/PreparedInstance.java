package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.catalog.AttentionKind;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.technique.kvcompression.KvCompression;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything about an {@link InstanceConfig} that does not depend on the batch, computed once so
 * that {@link AnalyticalCostModel#iteration} is a handful of arithmetic per GEMM.
 */
final class PreparedInstance {
  final InstanceConfig config;
  final int tp;
  final int pp;
  final int ep;

  /** Layers on the most loaded pipeline stage. */
  final int layersPerStage;

  /** Of those, how many are MoE layers (fractional when MoE layers do not split evenly). */
  final double moeLayersPerStage;

  final double denseLayersPerStage;
  final double hidden;

  /** Attention projections of one layer on one GPU. */
  final List<Gemm> attentionGemms;

  /** Dense FFN of one dense layer on one GPU. */
  final List<Gemm> denseFfnGemms;

  /** Always-active parts of one MoE layer on one GPU: shared experts and the router. */
  final List<Gemm> moeSharedGemms;

  /** One routed expert on one GPU (sharded over tp/ep ranks). */
  final List<Gemm> expertGemms;

  final Gemm lmHead;

  final double weightBytesPerElement;
  final double peakComputeFlops;
  final double peak16Flops;
  final double memoryBandwidth;
  final int smCount;

  /** Query heads on one GPU. */
  final double headsPerGpu;

  /** KV-cache bytes per token per layer on one GPU, group scales of KIVI formats included. */
  final double kvBytesPerTokenLayer;

  /** KV elements per token per layer on one GPU (for the dequantization of KIVI formats). */
  final double kvElementsPerTokenLayer;

  /** Attention FLOPs per (query token × key token) per layer on one GPU. */
  final double attentionFlopsPerPair;

  /** FFN width per GPU used for elementwise traffic (dense layers; MoE uses the expert width). */
  final double denseFfnPerGpu;

  final double expertFfnPerGpu;

  /** Attention window in tokens, or 0 for full attention. */
  final long slidingWindow;

  /** Link used by tensor-parallel collectives and by pipeline transfers. */
  final double tpLinkBandwidth;

  final double tpLinkLatency;
  final double ppLinkBandwidth;
  final double ppLinkLatency;

  PreparedInstance(InstanceConfig config) {
    this.config = config;
    ModelArch m = config.model();
    tp = config.tp();
    pp = config.pp();
    ep = config.ep();
    layersPerStage = (m.layers() + pp - 1) / pp;
    int moeLayers = m.moeLayers();
    moeLayersPerStage = (double) moeLayers * layersPerStage / m.layers();
    denseLayersPerStage = layersPerStage - moeLayersPerStage;
    hidden = m.hiddenSize();

    headsPerGpu = (double) m.heads() / tp;
    double headDim = m.headDim();
    List<Gemm> attn = new ArrayList<>();
    if (m.attention() == AttentionKind.MLA) {
      double rope = m.qkRopeHeadDim();
      double latent = m.kvLoraRank();
      // headDim is nope + rope for MLA (see ModelArch); the down-projections are replicated on
      // every tensor-parallel rank, the up-projections are split by heads.
      if (m.qLoraRank() > 0) {
        attn.add(new Gemm("q_a_proj", m.qLoraRank(), hidden));
        attn.add(new Gemm("q_b_proj", headsPerGpu * headDim, m.qLoraRank()));
      } else {
        attn.add(new Gemm("q_proj", headsPerGpu * headDim, hidden));
      }
      attn.add(new Gemm("kv_a_proj", latent + rope, hidden));
      attn.add(new Gemm("kv_b_proj", headsPerGpu * (m.qkNopeHeadDim() + m.vHeadDim()), latent));
      attn.add(new Gemm("o_proj", hidden, headsPerGpu * m.vHeadDim()));
      // The latent cache is shared by all heads, so every tensor-parallel rank keeps all of it.
      kvBytesPerTokenLayer = (latent + rope) * KvCompression.bytesPerElement(config.kvDtype());
      // Absorbed MLA decode: scores over (latent + rope) and values over the latent, per head.
      attentionFlopsPerPair = 2 * headsPerGpu * (latent + rope) + 2 * headsPerGpu * latent;
    } else {
      // With fewer KV heads than ranks each rank keeps a copy of the one KV head it needs.
      double kvHeadsPerGpu = Math.max(1.0, (double) m.kvHeads() / tp);
      attn.add(new Gemm("qkv_proj", (headsPerGpu + 2 * kvHeadsPerGpu) * headDim, hidden));
      attn.add(new Gemm("o_proj", hidden, headsPerGpu * headDim));
      kvBytesPerTokenLayer =
          2 * kvHeadsPerGpu * headDim * KvCompression.bytesPerElement(config.kvDtype());
      // QK^T and PV: 2 FLOPs per multiply-add over the head width, for every query head.
      attentionFlopsPerPair = 2 * headsPerGpu * (headDim + m.vHeadDim());
    }
    attentionGemms = List.copyOf(attn);
    kvElementsPerTokenLayer =
        kvBytesPerTokenLayer / KvCompression.bytesPerElement(config.kvDtype());

    denseFfnPerGpu = (double) m.intermediateSize() / tp;
    denseFfnGemms = ffn("ffn", denseFfnPerGpu, m.gatedMlp());
    if (m.isMoe()) {
      expertFfnPerGpu = (double) m.moeIntermediateSize() / ((double) tp / ep);
      expertGemms = ffn("expert", expertFfnPerGpu, m.gatedMlp());
      List<Gemm> shared = new ArrayList<>();
      if (m.sharedExperts() > 0) {
        shared.addAll(
            ffn(
                "shared_expert",
                (double) m.sharedExperts() * m.moeIntermediateSize() / tp,
                m.gatedMlp()));
      }
      shared.add(new Gemm("router", m.experts(), hidden));
      moeSharedGemms = List.copyOf(shared);
    } else {
      expertFfnPerGpu = 0;
      expertGemms = List.of();
      moeSharedGemms = List.of();
    }
    slidingWindow = m.slidingWindow();
    lmHead = new Gemm("lm_head", (double) m.vocabSize() / tp, hidden);

    weightBytesPerElement = weightBytesPerElement(config.weightDtype());
    peakComputeFlops =
        config
            .gpu()
            .peakFlops(config.computeDtype())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "gpu '"
                            + config.gpu().id()
                            + "' cannot compute in "
                            + config.computeDtype().id()
                            + "; check InstanceConfig.problems() first"));
    peak16Flops = config.gpu().peakFlops(config.sixteenBitDtype()).orElse(peakComputeFlops);
    memoryBandwidth = config.gpu().memoryBandwidthBytesPerS();
    smCount = Math.max(1, config.gpu().smCount());

    var tpLink = tp <= config.gpusPerNode() ? config.intraNodeLink() : config.interNodeLink();
    tpLinkBandwidth = tpLink.bandwidthBytesPerS();
    tpLinkLatency = tpLink.latencyS();
    var ppLink =
        config.gpus() <= config.gpusPerNode() ? config.intraNodeLink() : config.interNodeLink();
    ppLinkBandwidth = ppLink.bandwidthBytesPerS();
    ppLinkLatency = ppLink.latencyS();
  }

  private List<Gemm> ffn(String name, double width, boolean gated) {
    return List.of(
        new Gemm(name + (gated ? "_gate_up" : "_up"), (gated ? 2 : 1) * width, hidden),
        new Gemm(name + "_down", hidden, width));
  }

  /** Storage bytes per weight element including quantization scales. */
  static double weightBytesPerElement(Dtype dtype) {
    double bytes = dtype.bytesPerElement();
    if (dtype == Dtype.INT4 || dtype == Dtype.INT2) {
      bytes += CostConstants.INT_GROUP_SCALE_BYTES;
    } else if (dtype == Dtype.FP4) {
      bytes += CostConstants.FP4_BLOCK_SCALE_BYTES;
    }
    return bytes;
  }
}
