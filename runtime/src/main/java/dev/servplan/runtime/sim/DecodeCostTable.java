package dev.servplan.runtime.sim;

import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Decode-only iteration times of one instance configuration, remembered per batch size. Most
 * iterations are pure decode; for them the analytical model's time is {@code a(n) + b(n)·context}
 * (attention over the KV cache is the only term that depends on the context, and it is linear in
 * it), so two cost-model calls per batch size answer every later iteration exactly. The linearity
 * is checked against a third point for each batch size, not assumed: a cost model that is not
 * linear in the context (a measured table, say) is simply called every time.
 */
final class DecodeCostTable {
  /** Relative tolerance of the linearity check (floating-point rounding, not modelling error). */
  static final double LINEARITY_TOLERANCE = 1e-9;

  private final CostModel costModel;
  private final InstanceConfig config;
  private double[] base = new double[0];
  private double[] slope = new double[0];

  /** 0 unknown, 1 linear (use base and slope), 2 not linear (call the model). */
  private byte[] state = new byte[0];

  DecodeCostTable(CostModel costModel, InstanceConfig config) {
    this.costModel = costModel;
    this.config = config;
  }

  /**
   * Seconds for one iteration of {@code sequences} decodes over {@code context} tokens in total.
   */
  double seconds(int sequences, long context) {
    if (sequences >= state.length) {
      int size = Math.max(sequences + 1, state.length * 2);
      base = Arrays.copyOf(base, size);
      slope = Arrays.copyOf(slope, size);
      state = Arrays.copyOf(state, size);
    }
    if (state[sequences] == 0) {
      learn(sequences);
    }
    if (state[sequences] == 1) {
      return base[sequences] + slope[sequences] * context;
    }
    return direct(sequences, context);
  }

  private void learn(int n) {
    long probe = 1024L * n;
    double c0 = direct(n, 0);
    double c1 = direct(n, probe);
    double c4 = direct(n, 4 * probe);
    double b = (c1 - c0) / probe;
    double predicted = c0 + b * 4 * probe;
    if (Math.abs(predicted - c4) <= LINEARITY_TOLERANCE * c4) {
      base[n] = c0;
      slope[n] = b;
      state[n] = 1;
    } else {
      state[n] = 2;
    }
  }

  private double direct(int sequences, long context) {
    return costModel.seconds(config, new BatchShape(List.of(), sequences, context));
  }
}
