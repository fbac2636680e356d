package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.technique.lora.LoraServing;

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

  /** Seconds of {@link #iteration}: its total, which a model may compute without the breakdown. */
  default double seconds(InstanceConfig config, BatchShape batch) {
    return iteration(config, batch).total().seconds();
  }

  /** Per-GPU memory budget of {@code config} under the given engine limits. */
  MemoryEstimate memory(InstanceConfig config, MemoryOptions options);

  /** Per-GPU memory budget with the default engine limits ({@link MemoryOptions#DEFAULT}). */
  default MemoryEstimate memory(InstanceConfig config) {
    return memory(config, MemoryOptions.DEFAULT);
  }

  /**
   * Seconds the batched LoRA kernels add to one iteration of {@code config} serving {@code lora}:
   * {@code loraTokens} tokens name an adapter, {@code distinctAdapters} adapters are in the batch
   * (see {@link LoraServing#iterationSeconds}). This default uses the fitted constants.
   */
  default double loraSeconds(
      InstanceConfig config, LoraServing lora, double loraTokens, double distinctAdapters) {
    return lora.iterationSeconds(config, CostParameters.fitted(), loraTokens, distinctAdapters);
  }
}
