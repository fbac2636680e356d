package dev.servplan.hwdb.cost;

/**
 * Predicts how long one engine iteration takes and how memory is used on one serving instance. The
 * solver and the simulator see only this interface, so a measured or re-calibrated model can
 * replace {@link AnalyticalCostModel}.
 */
public interface CostModel {
  /**
   * Time of one scheduler iteration of {@code batch} on the whole instance described by {@code
   * config}.
   */
  IterationCost iteration(InstanceConfig config, BatchShape batch);

  /** Per-GPU memory budget of {@code config} under the given engine limits. */
  MemoryEstimate memory(InstanceConfig config, MemoryOptions options);

  /** Per-GPU memory budget with the default engine limits ({@link MemoryOptions#DEFAULT}). */
  default MemoryEstimate memory(InstanceConfig config) {
    return memory(config, MemoryOptions.DEFAULT);
  }
}
