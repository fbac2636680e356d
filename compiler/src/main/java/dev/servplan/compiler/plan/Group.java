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
 * per GPU, price, the rate one instance sustains within the SLO, where each instance runs, and the
 * serving techniques it uses (docs/techniques.md): whether the engine reuses cached prompt prefixes
 * ({@code prefixCaching}), decodes speculatively with a draft model ({@code speculative}), keeps
 * weights in host memory ({@code offload}; {@code memoryPerGpu} then counts only the weights left
 * on the GPU), serves MoE experts from host memory behind a GPU cache ({@code expertOffload}),
 * compresses its KV cache ({@code kvCompression}), serves LoRA adapters ({@code lora}) and splits
 * the GPUs' SMs between concurrent prefill and decode streams ({@code smPartition}). Each technique
 * is empty or off when unused.
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
    Optional<Offload> offload,
    Optional<ExpertOffload> expertOffload,
    Optional<KvCompressionSetting> kvCompression,
    Optional<LoraPlan> lora,
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
    Objects.requireNonNull(speculative, "speculative");
    Objects.requireNonNull(offload, "offload");
    Objects.requireNonNull(expertOffload, "expertOffload");
    Objects.requireNonNull(kvCompression, "kvCompression");
    Objects.requireNonNull(lora, "lora");
    Objects.requireNonNull(smPartition, "smPartition");
    placement = List.copyOf(placement);
    if (instances < 0 || tp < 1 || pp < 1 || ep < 1) {
      throw new IllegalArgumentException(
          "bad group shape: instances=" + instances + " tp=" + tp + " pp=" + pp + " ep=" + ep);
    }
  }

  /** A group with no technique. */
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
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A group with prefixCaching, speculative as given and the later techniques off. */
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
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
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
        offload,
        expertOffload,
        kvCompression,
        lora,
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
        offload,
        expertOffload,
        kvCompression,
        lora,
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
        offload,
        expertOffload,
        kvCompression,
        lora,
        smPartition);
  }

  public Group withOffload(Optional<Offload> setting) {
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
        setting,
        expertOffload,
        kvCompression,
        lora,
        smPartition);
  }

  public Group withExpertOffload(Optional<ExpertOffload> setting) {
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
        offload,
        setting,
        kvCompression,
        lora,
        smPartition);
  }

  public Group withKvCompression(Optional<KvCompressionSetting> setting) {
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
        offload,
        expertOffload,
        setting,
        lora,
        smPartition);
  }

  public Group withLora(Optional<LoraPlan> setting) {
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
        offload,
        expertOffload,
        kvCompression,
        setting,
        smPartition);
  }

  public Group withSmPartition(Optional<SmSplit> setting) {
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
        offload,
        expertOffload,
        kvCompression,
        lora,
        setting);
  }
}
