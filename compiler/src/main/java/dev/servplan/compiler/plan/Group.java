package dev.servplan.compiler.plan;

import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of identical engine instances on one pool: parallelism, precisions, batching knobs, memory
 * per GPU, price, the rate one instance sustains within the SLO, where each instance runs, and
 * whether the engine reuses cached prompt prefixes ({@code prefixCaching}) and decodes
 * speculatively with a draft model ({@code speculative}), and how a unified instance splits its
 * GPUs' SMs between concurrent prefill and decode streams ({@code smPartition}, absent when it does
 * not); see docs/techniques.md.
 */
public record Group(
    Role role,
    String pool,
    String gpu,
    int instances,
    int tp,
    int pp,
    int ep,
    Dtype weights,
    Dtype kvDtype,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    Bytes kvCachePerGpu,
    MemoryBreakdown memoryPerGpu,
    HourlyPrice pricePerGpuHour,
    Rate ratePerInstance,
    List<Placement> placement,
    boolean prefixCaching,
    Optional<Speculation> speculative,
    Optional<SmSplit> smPartition) {
  public Group {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(kvDtype, "kvDtype");
    Objects.requireNonNull(kvCachePerGpu, "kvCachePerGpu");
    Objects.requireNonNull(memoryPerGpu, "memoryPerGpu");
    Objects.requireNonNull(pricePerGpuHour, "pricePerGpuHour");
    Objects.requireNonNull(ratePerInstance, "ratePerInstance");
    placement = List.copyOf(placement);
    Objects.requireNonNull(speculative, "speculative");
    Objects.requireNonNull(smPartition, "smPartition");
    if (instances < 0 || tp < 1 || pp < 1 || ep < 1) {
      throw new IllegalArgumentException(
          "bad group shape: instances=" + instances + " tp=" + tp + " pp=" + pp + " ep=" + ep);
    }
  }

  /** A group without SM partitioning. */
  public Group(
      Role role,
      String pool,
      String gpu,
      int instances,
      int tp,
      int pp,
      int ep,
      Dtype weights,
      Dtype kvDtype,
      int maxNumSeqs,
      int maxNumBatchedTokens,
      Bytes kvCachePerGpu,
      MemoryBreakdown memoryPerGpu,
      HourlyPrice pricePerGpuHour,
      Rate ratePerInstance,
      List<Placement> placement,
      boolean prefixCaching,
      Optional<Speculation> speculative) {
    this(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        placement,
        prefixCaching,
        speculative,
        Optional.empty());
  }

  /** A group without prefix caching or speculative decoding. */
  public Group(
      Role role,
      String pool,
      String gpu,
      int instances,
      int tp,
      int pp,
      int ep,
      Dtype weights,
      Dtype kvDtype,
      int maxNumSeqs,
      int maxNumBatchedTokens,
      Bytes kvCachePerGpu,
      MemoryBreakdown memoryPerGpu,
      HourlyPrice pricePerGpuHour,
      Rate ratePerInstance,
      List<Placement> placement) {
    this(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        placement,
        false,
        Optional.empty());
  }

  /** GPUs one instance occupies: {@code tp * pp} (expert parallelism reuses the TP GPUs). */
  public int gpusPerInstance() {
    return tp * pp;
  }

  public int totalGpus() {
    return instances * gpusPerInstance();
  }

  public HourlyPrice costPerHour() {
    return pricePerGpuHour.times(totalGpus());
  }

  public Group withPlacement(List<Placement> newPlacement) {
    return new Group(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        newPlacement,
        prefixCaching,
        speculative,
        smPartition);
  }

  public Group withPrefixCaching(boolean on) {
    return new Group(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        placement,
        on,
        speculative,
        smPartition);
  }

  public Group withSpeculative(Optional<Speculation> setting) {
    return new Group(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        placement,
        prefixCaching,
        setting,
        smPartition);
  }

  public Group withSmPartition(Optional<SmSplit> split) {
    return new Group(
        role,
        pool,
        gpu,
        instances,
        tp,
        pp,
        ep,
        weights,
        kvDtype,
        maxNumSeqs,
        maxNumBatchedTokens,
        kvCachePerGpu,
        memoryPerGpu,
        pricePerGpuHour,
        ratePerInstance,
        placement,
        prefixCaching,
        speculative,
        split);
  }
}
