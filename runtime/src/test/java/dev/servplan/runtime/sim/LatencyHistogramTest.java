package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Latency histograms answer quantiles within their stated relative error. (The length and arrival
 * sampling this file used to test lives in compiler's workload package now.)
 */
class LatencyHistogramTest {
  @Property(tries = 200)
  void histogramQuantilesAreWithinOnePercent(
      @ForAll("seeds") long seed, @ForAll @DoubleRange(min = 0.0, max = 1.0) double q) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(2000);
    double[] xs = new double[n];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < n; i++) {
      xs[i] = Math.exp(rng.nextGaussian() * 3) * 10;
      h.record(xs[i]);
    }
    Arrays.sort(xs);
    double exact = xs[(int) Math.floor(q * (n - 1))];
    assertThat(h.quantile(q))
        .isCloseTo(exact, within(exact * LatencyHistogram.RELATIVE_ERROR * 1.0001));
    assertThat(h.count()).isEqualTo(n);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
