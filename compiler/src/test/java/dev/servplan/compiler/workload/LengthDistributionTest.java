package dev.servplan.compiler.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.LengthDist;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LengthDistributionTest {
  private static int[] sample(LengthDistribution d, int n) {
    SplittableRandom rng = new SplittableRandom(1);
    int[] xs = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = d.sample(rng);
    }
    Arrays.sort(xs);
    return xs;
  }

  @Test
  void fixedAndBoundsHold() {
    assertThat(sample(LengthDistribution.fixed(128), 100)).containsOnly(128);
    LengthDistribution bounded =
        LengthDistribution.of(Dists.of(LengthDist.Kind.EXPONENTIAL, 100, null, null, 20.0, 150.0));
    int[] xs = sample(bounded, 10_000);
    assertThat(xs[0]).isEqualTo(20);
    assertThat(xs[xs.length - 1]).isEqualTo(150);
  }

  @Test
  void aPointMassIsItsRoundedValue() {
    LengthDistribution d = LengthDistribution.lognormal(Math.log(100.4), 0, 1, Integer.MAX_VALUE);
    assertThat(d.mean()).isEqualTo(100);
    assertThat(d.quantile(0.99)).isEqualTo(100);
    assertThat(d.cv2()).isZero();
    assertThat(sample(d, 100)).containsOnly(100);
  }

  @Test
  void describeNamesTheParametersAndBounds() {
    assertThat(LengthDistribution.lognormal(6.2, 0.8, 1, Integer.MAX_VALUE).describe())
        .isEqualTo("lognormal(mu=6.2, sigma=0.8)");
    assertThat(LengthDistribution.uniform(10, 20, 12, 18).describe())
        .isEqualTo("uniform(10, 20, min=12, max=18)");
  }
}
