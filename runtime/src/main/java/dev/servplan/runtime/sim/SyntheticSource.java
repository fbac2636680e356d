package dev.servplan.runtime.sim;

import dev.servplan.compiler.workload.ArrivalModel;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.compiler.workload.WorkloadModel;
import java.util.SplittableRandom;

/** Requests drawn from an arrival process and two length distributions, from one seeded stream. */
final class SyntheticSource implements RequestSource {
  private final ArrivalModel arrivals;
  private final LengthDistribution inputs;
  private final LengthDistribution outputs;
  private final WorkloadModel.Prefix prefix;
  private final SplittableRandom rng;
  private int prefixHit;
  private double time;
  private int input;
  private int output;

  SyntheticSource(
      ArrivalModel arrivals,
      LengthDistribution inputs,
      LengthDistribution outputs,
      WorkloadModel.Prefix prefix,
      SplittableRandom rng) {
    this.prefix = prefix;
    this.arrivals = arrivals;
    this.inputs = inputs;
    this.outputs = outputs;
    this.rng = rng;
  }

  @Override
  public boolean advance() {
    time += arrivals.nextGap(rng);
    input = inputs.sample(rng);
    output = outputs.sample(rng);
    prefixHit = 0;
    if (prefix.hitRate() > 0 && rng.nextDouble() < prefix.hitRate()) {
      // vLLM's prefix cache matches whole blocks and always computes the prompt's last token.
      long shared = Math.min(prefix.sharedTokens(), input - 1L);
      prefixHit = (int) (shared / SimGroup.BLOCK_TOKENS * SimGroup.BLOCK_TOKENS);
    }
    return true;
  }

  @Override
  public double time() {
    return time;
  }

  @Override
  public int input() {
    return input;
  }

  @Override
  public int output() {
    return output;
  }

  @Override
  public int prefixHit() {
    return prefixHit;
  }

  @Override
  public void close() {}
}
