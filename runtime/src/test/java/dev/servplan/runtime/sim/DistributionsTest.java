package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.SourceId;
import dev.servplan.compiler.source.Span;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class DistributionsTest {
  private static final Span SPAN = new Span(new SourceId("t"), 0, 0);

  private static Optional<Val<Double>> v(Double x) {
    return x == null ? Optional.empty() : Optional.of(new Val<>(x, SPAN));
  }

  private static LengthDist dist(LengthDist.Kind kind, double mean, Double p50, Double p99) {
    return new LengthDist(
        new Val<>(kind, SPAN),
        new Val<>(mean, SPAN),
        v(p50),
        v(p99),
        Optional.empty(),
        Optional.empty(),
        SPAN);
  }

  private static double[] sample(LengthModel model, int n) {
    SplittableRandom rng = new SplittableRandom(1);
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = model.sample(rng);
    }
    Arrays.sort(xs);
    return xs;
  }

  @Test
  void lognormalFromMeanAndP99ReproducesBoth() {
    LengthModel model = LengthModel.fit(dist(LengthDist.Kind.LOGNORMAL, 800, null, 4000.0));
    double[] xs = sample(model, 200_000);
    assertThat(Arrays.stream(xs).average().orElseThrow()).isCloseTo(800, within(800 * 0.03));
    assertThat(xs[(int) (0.99 * xs.length)]).isCloseTo(4000, within(4000 * 0.05));
  }

  @Test
  void lognormalFromP50AndP99ReproducesBoth() {
    LengthModel model = LengthModel.fit(dist(LengthDist.Kind.LOGNORMAL, 700, 500.0, 3000.0));
    double[] xs = sample(model, 200_000);
    assertThat(xs[xs.length / 2]).isCloseTo(500, within(500 * 0.03));
    assertThat(xs[(int) (0.99 * xs.length)]).isCloseTo(3000, within(3000 * 0.05));
  }

  @Test
  void fixedAndBoundsHold() {
    assertThat(sample(LengthModel.fit(dist(LengthDist.Kind.FIXED, 128, null, null)), 100))
        .containsOnly(128);
    LengthDist bounded =
        new LengthDist(
            new Val<>(LengthDist.Kind.EXPONENTIAL, SPAN),
            new Val<>(100.0, SPAN),
            Optional.empty(),
            Optional.empty(),
            v(20.0),
            v(150.0),
            SPAN);
    double[] xs = sample(LengthModel.fit(bounded), 10_000);
    assertThat(xs[0]).isEqualTo(20);
    assertThat(xs[xs.length - 1]).isEqualTo(150);
  }

  @Test
  void gammaArrivalsHaveTheirRateAndCv() {
    for (double cv : new double[] {0.5, 1.0, 2.0}) {
      ArrivalModel model = new ArrivalModel(10, cv);
      SplittableRandom rng = new SplittableRandom(3);
      int n = 200_000;
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < n; i++) {
        double gap = model.nextGap(rng);
        sum += gap;
        sumSq += gap * gap;
      }
      double mean = sum / n;
      double sd = Math.sqrt(sumSq / n - mean * mean);
      assertThat(mean).as("mean gap at cv " + cv).isCloseTo(0.1, within(0.002));
      assertThat(sd / mean).as("cv").isCloseTo(cv, within(cv * 0.03));
    }
  }

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

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }
}
