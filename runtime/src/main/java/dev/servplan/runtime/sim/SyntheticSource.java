package dev.servplan.runtime.sim;

import java.util.SplittableRandom;

/** Requests drawn from an arrival process and two length distributions, from one seeded stream. */
final class SyntheticSource implements RequestSource {
  private final ArrivalModel arrivals;
  private final LengthModel inputs;
  private final LengthModel outputs;
  private final SplittableRandom rng;
  private double time;
  private int input;
  private int output;

  SyntheticSource(ArrivalModel arrivals, LengthModel inputs, LengthModel outputs, SplittableRandom rng) {
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
  public void close() {}
}
