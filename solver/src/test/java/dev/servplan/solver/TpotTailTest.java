package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The per-request TPOT tail of a unified instance with chunked prefill ({@link TpotTail}). */
class TpotTailTest {
  /** A roofline-like iteration: 10 ms of weights, 0.1 ms per decode, 40 µs per prompt token. */
  static final TpotTail.Iteration ITERATION =
      (decodes, chunk) -> 0.010 + 1e-4 * decodes + 4e-5 * chunk;

  /** One output stratum of {@code n} tokens and prompts of {@code tokens} tokens. */
  static TpotTail.Strata strata(double ca2, double[] outputs, double... tokens) {
    double[] intervals = new double[outputs.length];
    double[] weights = new double[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      intervals[i] = outputs[i] - 1;
      weights[i] = 1.0 / outputs.length;
    }
    double[] promptWeights = new double[tokens.length];
    java.util.Arrays.fill(promptWeights, 1.0 / tokens.length);
    return new TpotTail.Strata(intervals, weights, tokens, promptWeights, ca2);
  }

  static TpotTail tail(TpotTail.Strata strata, double lambda) {
    return new TpotTail(strata, ITERATION, lambda, 20, 256, 2028, 1);
  }

  @Test
  void withoutPromptsEveryTokenTakesADecodeIterationAtTheBatchItFinds() {
    // Batch 20 with sd √20: the median request decodes at 12 ms, the top Gauss-Hermite node
    // (20 + 2.857 √20 sequences) at 13.28 ms.
    TpotTail t = tail(strata(1, new double[] {50, 500}, 1000), 0);
    assertThat(t.quantile(0.5)).isLessThanOrEqualTo(0.012 * (1 + 1e-5)).isGreaterThan(0.0115);
    assertThat(t.quantile(0.999))
        .isCloseTo(0.010 + 1e-4 * (20 + 2.857 * Math.sqrt(20)), within(1e-5));
  }

  @Test
  void longRequestsAverageToTheMeanIteration() {
    // Prompt work: 1,000 tokens x 40 µs = 40 ms per prompt; at 5/s that is ρ = 0.2 of the time, so
    // the mean iteration is d / (1 - ρ) = 12 ms / 0.8 = 15 ms, and a 100,000-token request's TPOT
    // concentrates there (up to the batch it decodes at: 13.28 ms / 0.8 at the top node).
    TpotTail t = tail(strata(1, new double[] {100_000}, 1000), 5);
    assertThat(t.quantile(0.5)).isCloseTo(0.015, within(0.0003));
    assertThat(t.quantile(0.99)).isLessThan(0.0133 / 0.8);
  }

  @Test
  void shortRequestsSetTheTail() {
    TpotTail.Strata shortAndLong = strata(1, new double[] {20, 2000}, 500, 1000, 8000);
    TpotTail.Strata longOnly = strata(1, new double[] {2000}, 500, 1000, 8000);
    assertThat(tail(shortAndLong, 3).quantile(0.99))
        .isGreaterThan(1.3 * tail(longOnly, 3).quantile(0.99));
  }

  @Test
  void quantilesRiseWithTheQuantileAndTheLoad() {
    TpotTail.Strata s = strata(1, new double[] {10, 50, 200, 1000}, 300, 1500, 6000);
    TpotTail light = tail(s, 1);
    assertThat(light.quantile(0.5)).isLessThan(light.quantile(0.9));
    assertThat(light.quantile(0.9)).isLessThan(light.quantile(0.99));
    assertThat(light.quantile(0.99)).isLessThan(tail(s, 4).quantile(0.99));
  }

  @Test
  void burstyArrivalsWidenTheTail() {
    double[] outputs = {20, 100, 500};
    assertThat(tail(strata(2.25, outputs, 500, 1000, 8000), 3).quantile(0.99))
        .isGreaterThan(tail(strata(1, outputs, 500, 1000, 8000), 3).quantile(0.99));
  }

  @Test
  void neverAboveOneFullChunkPerIteration() {
    // Past saturation every iteration carries a full chunk; the decode batch may be 20 + 2.9 √20.
    TpotTail t = tail(strata(1, new double[] {5, 50}, 30_000), 20);
    double ceiling = 0.010 + 1e-4 * (20 + 2.857 * Math.sqrt(20)) + 4e-5 * 2028;
    assertThat(t.quantile(0.999)).isLessThanOrEqualTo(ceiling + 1e-6);
    assertThat(t.exceeds(ceiling + 1e-6)).isZero();
  }
}
