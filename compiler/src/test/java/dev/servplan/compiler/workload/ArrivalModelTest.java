package dev.servplan.compiler.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalModelTest {
  @Test
  void gammaArrivalsHaveTheirRateAndCv() {
    for (double cv : new double[] {0.5, 1.0, 2.0}) {
      ArrivalModel model = new ArrivalModel(10, cv);
      assertThat(model.ca2()).isEqualTo(cv * cv);
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
}
