package dev.servplan.compiler.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.servplan.compiler.ir.LengthDist;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The one fitting rule (docs/spec-language.md, "Workload model"). */
class LengthFitTest {
  private static final double Z = StandardNormal.Z99;

  private static LengthDistribution fit(LengthDist d) {
    LengthFit fit = LengthFit.of(d);
    assertThat(fit.problem()).as("problem").isEmpty();
    return fit.distribution();
  }

  @Test
  void lognormalFromMeanAndP99ReproducesBoth() {
    LengthDistribution l = fit(Dists.lognormal(1500, null, 8000.0));
    assertThat(l.quantile(0.99)).isCloseTo(8000, offset(1e-3));
    assertThat(l.mean()).isCloseTo(1500, offset(1e-3));
    // The smaller of the two roots of σ²/2 − zσ + ln(p99/mean) = 0.
    assertThat(l.b()).isCloseTo(Z - Math.sqrt(Z * Z - 2 * Math.log(8000.0 / 1500)), offset(1e-12));
    assertThat(l.cv2()).isCloseTo(Math.expm1(l.b() * l.b()), offset(1e-9));
  }

  @Test
  void lognormalFromTwoStatisticsIsExact() {
    LengthDistribution p50p99 = fit(Dists.lognormal(700, 500.0, null));
    assertThat(p50p99.quantile(0.5)).isCloseTo(500, offset(1e-6));
    assertThat(p50p99.mean()).isCloseTo(700, offset(1e-6));
    LengthDistribution meanOnly = fit(Dists.lognormal(1000, null, null));
    assertThat(meanOnly.cv2()).as("cv 1 without a spread").isCloseTo(1, offset(1e-9));
    assertThat(meanOnly.mean()).isCloseTo(1000, offset(1e-6));
  }

  @Test
  void lognormalWithAllThreeIsALeastSquaresCompromise() {
    // The example: mean+p50 alone gives p99 ≈ 14,000; p50+p99 alone a mean ≈ 1,100.
    LengthDistribution l = fit(Dists.lognormal(1500, 600.0, 8000.0));
    assertThat(l.b()).isCloseTo(1.1095, offset(1e-3));
    assertThat(l.a()).isCloseTo(6.5002, offset(1e-3));
    // Every statistic is missed, none by more than the threshold; the mean most (22 %).
    assertThat(l.mean()).isCloseTo(1231, offset(1.0));
    assertThat(l.quantile(0.5)).isCloseTo(665.3, offset(0.5));
    assertThat(l.quantile(0.99)).isCloseTo(8790, offset(2.0));
    // It is the minimum: nudging σ (with the best μ for it) only increases the squared miss.
    double best = miss(1500, 600, 8000, l.a(), l.b());
    for (double d : new double[] {-1e-3, 1e-3}) {
      double sigma = l.b() + d;
      double mu =
          (Math.log(1500) - sigma * sigma / 2 + Math.log(600) + Math.log(8000) - Z * sigma) / 3;
      assertThat(miss(1500, 600, 8000, mu, sigma)).isGreaterThan(best);
    }
  }

  private static double miss(double mean, double p50, double p99, double mu, double sigma) {
    double a = Math.log(mean) - mu - sigma * sigma / 2;
    double b = Math.log(p50) - mu;
    double c = Math.log(p99) - mu - Z * sigma;
    return a * a + b * b + c * c;
  }

  @Property(tries = 300)
  void leastSquaresOnTwoStatisticsMatchesTheClosedForms(
      @ForAll @DoubleRange(min = 1.0, max = 14.0) double p99OverMean,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double p50OverMean) {
    double mean = 1000;
    double[] closed = LognormalFit.fit(mean, Double.NaN, mean * p99OverMean);
    double[] general =
        LognormalFit.leastSquares(
            new double[] {Math.log(mean), Math.log(mean * p99OverMean)},
            new double[] {0, Z},
            new double[] {0.5, 0});
    assertThat(general[1]).isCloseTo(closed[1], offset(1e-7));
    assertThat(general[0]).isCloseTo(closed[0], offset(1e-7));
    closed = LognormalFit.fit(mean, mean * p50OverMean, Double.NaN);
    general =
        LognormalFit.leastSquares(
            new double[] {Math.log(mean), Math.log(mean * p50OverMean)},
            new double[] {0, 0},
            new double[] {0.5, 0});
    assertThat(general[1]).isCloseTo(closed[1], offset(1e-7));
    assertThat(general[0]).isCloseTo(closed[0], offset(1e-7));
  }

  @Test
  void beyondFifteenTimesTheMeanNoLognormalHasBothAndTheMissIsSplit() {
    LengthDistribution l = fit(Dists.lognormal(100, null, 2000.0));
    assertThat(l.b()).isEqualTo(Z);
    // The fit is of the family before the clamp at 1 token (which here holds 19 % of the mass).
    double meanMiss = Math.log(100 / Math.exp(l.a() + l.b() * l.b() / 2));
    double p99Miss = Math.log(2000 / l.quantile(0.99));
    assertThat(meanMiss).isCloseTo(-p99Miss, offset(1e-6));
    assertThat(Math.exp(Math.abs(meanMiss))).isLessThan(LengthFit.MAX_FACTOR);
    // Farther out the closest lognormal is too far: E0308.
    assertThat(LengthFit.of(Dists.lognormal(100, null, 4000.0)).problem()).isPresent();
  }

  @Test
  void inconsistentLognormalsAreProblems() {
    assertThat(LengthFit.of(Dists.lognormal(1500, 2000.0, null)).problem().orElseThrow().message())
        .contains("p50 2000 is above the mean 1500");
    assertThat(LengthFit.of(Dists.lognormal(600, 600.0, 600.0)).problem().orElseThrow().message())
        .contains("p99 600 is not above p50 600");
    LengthFit.Problem far = LengthFit.of(Dists.lognormal(1500, 300.0, 8000.0)).problem().get();
    assertThat(far.message())
        .contains("no lognormal has mean 1500, p50 300 and p99 8000")
        .contains("mean 1004, p50 349 and p99 10281")
        .contains("a factor of 1.49 off the stated mean");
    assertThatThrownBy(() -> LengthDistribution.of(Dists.lognormal(1500, 300.0, 8000.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalWithoutASpreadHasAThirdOfItsMean() {
    LengthDistribution n = fit(Dists.of(LengthDist.Kind.NORMAL, 600, null, null, null, null));
    assertThat(n.b()).isEqualTo(200);
    // 1/9 before the clamp at 1 token, which trims the 0.14 % of the mass below it.
    assertThat(n.cv2()).isCloseTo(1.0 / 9, offset(1e-3)).isLessThan(1.0 / 9);
    LengthDistribution fromP99 =
        fit(Dists.of(LengthDist.Kind.NORMAL, 600, null, 600 + 2 * Z, null, null));
    assertThat(fromP99.b()).isCloseTo(2, offset(1e-12));
    LengthDistribution fromMax =
        fit(Dists.of(LengthDist.Kind.NORMAL, 600, null, null, null, 600 + 3 * Z));
    assertThat(fromMax.b()).isCloseTo(3, offset(1e-12));
    assertThat(fromMax.max()).isEqualTo(606);
    assertThat(
            LengthFit.of(Dists.of(LengthDist.Kind.NORMAL, 600, null, 600.0, null, null)).problem())
        .isPresent();
    assertThat(
            LengthFit.of(Dists.of(LengthDist.Kind.NORMAL, 600, 800.0, null, null, null)).problem())
        .isPresent();
  }

  @Test
  void otherFamilies() {
    assertThat(fit(Dists.of(LengthDist.Kind.FIXED, 16, null, null, null, null)).quantile(0.99))
        .isEqualTo(16);
    LengthDistribution exp =
        fit(Dists.of(LengthDist.Kind.EXPONENTIAL, 100, null, null, null, null));
    assertThat(exp.quantile(0.99)).isCloseTo(100 * Math.log(100), offset(1e-6));
    assertThat(exp.cv2()).isCloseTo(1, offset(1e-3));
    LengthDistribution uniform =
        fit(Dists.of(LengthDist.Kind.UNIFORM, 100, null, null, null, null));
    assertThat(uniform.a()).isEqualTo(1);
    assertThat(uniform.b()).isEqualTo(199);
    LengthDistribution mirrored =
        fit(Dists.of(LengthDist.Kind.UNIFORM, 500, null, null, null, 800.0));
    assertThat(mirrored.a()).isEqualTo(200);
    assertThat(mirrored.mean()).isCloseTo(500, offset(1e-9));
    assertThat(
            LengthFit.of(Dists.of(LengthDist.Kind.UNIFORM, 100, null, null, 50.0, 1000.0))
                .problem())
        .isPresent();
    assertThat(
            LengthFit.of(Dists.of(LengthDist.Kind.EXPONENTIAL, 100, null, 800.0, null, null))
                .problem())
        .isPresent();
    assertThat(
            LengthFit.of(Dists.of(LengthDist.Kind.EXPONENTIAL, 100, null, 400.0, null, null))
                .problem())
        .as("an exponential's p99 is 461, within a factor of 1.25 of 400")
        .isEmpty();
  }

  @Test
  void clampChangesTheMeanAndQuantilesAsSampled() {
    LengthDistribution l =
        fit(Dists.of(LengthDist.Kind.LOGNORMAL, 1500, null, 8000.0, 200.0, 4000.0));
    assertThat(l.min()).isEqualTo(200);
    assertThat(l.max()).isEqualTo(4000);
    assertThat(l.quantile(0.99)).isEqualTo(4000);
    assertThat(l.quantile(0.001)).isEqualTo(200);
    assertThat(l.mean()).isLessThan(1500);
  }
}
