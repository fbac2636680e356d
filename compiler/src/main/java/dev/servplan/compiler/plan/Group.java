package dev.servplan.compiler.plan;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Rate;
import java.util.List;
import java.util.Objects;

/**
 * A set of identical engine instances on one pool: parallelism, precisions, batching knobs, memory
 * per GPU, price, the rate one instance sustains within the SLO, where each instance runs, and the
 * serving techniques it uses ({@code techniques}: one setting per technique used, each defined in
 * its technique's package, docs/techniques.md). A technique that moves weights off the GPU states
 * it in its setting; {@code memoryPerGpu} then counts only what stays on the GPU.
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
    TechniqueSettings techniques) {
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
    Objects.requireNonNull(techniques, "techniques");
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
        TechniqueSettings.NONE);
  }

  /**
   * What identifies the group's instances, apart from how many there are and where: pool, role,
   * parallelism, precisions, batch limits and technique settings. Two groups with the same
   * signature run identical instances.
   */
  public String signature() {
    return hardware() + "/n" + maxNumSeqs + "/c" + maxNumBatchedTokens + "/" + techniques;
  }

  /**
   * The signature without the batch limits: what decides the physics of an instance (its iteration
   * times and memory), which every batch limit of the same configuration shares.
   */
  public String configurationSignature() {
    return hardware() + "/" + techniques;
  }

  private String hardware() {
    return pool
        + "/"
        + role.id()
        + "/tp"
        + tp
        + "/pp"
        + pp
        + "/ep"
        + ep
        + "/"
        + weights.id()
        + "/"
        + kvDtype.id();
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
        techniques);
  }

  /** This group with {@code setting} added, replacing its technique's previous setting. */
  public Group with(TechniqueSetting setting) {
    return withTechniques(techniques.with(setting));
  }

  /** This group without the technique. */
  public Group without(Technique technique) {
    return withTechniques(techniques.without(technique));
  }

  public Group withTechniques(TechniqueSettings newTechniques) {
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
        newTechniques);
  }
}
