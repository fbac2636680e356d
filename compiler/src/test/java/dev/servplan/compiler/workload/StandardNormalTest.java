package dev.servplan.compiler.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class StandardNormalTest {
  @Test
  void quantileMatchesKnownValues() {
    assertThat(StandardNormal.quantile(0.99)).isCloseTo(StandardNormal.Z99, offset(1e-8));
    assertThat(StandardNormal.quantile(0.99)).isCloseTo(2.326348, offset(1e-5));
    assertThat(StandardNormal.quantile(0.5)).isCloseTo(0, offset(1e-12));
    assertThat(StandardNormal.quantile(0.001)).isCloseTo(-3.090232, offset(1e-5));
    assertThat(StandardNormal.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(StandardNormal.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void cdfMatchesKnownValues() {
    // Reference values: Abramowitz and Stegun, table 26.1, and R's pnorm.
    assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
    assertThat(StandardNormal.cdf(1)).isCloseTo(0.8413447460685429, offset(1e-15));
    assertThat(StandardNormal.cdf(-1.96)).isCloseTo(0.024997895148220435, offset(1e-15));
    assertThat(StandardNormal.cdf(StandardNormal.Z99)).isCloseTo(0.99, offset(1e-15));
    // The tails keep their relative accuracy (references from mpmath's ncdf at 40 digits).
    assertThat(StandardNormal.cdf(-5) / 2.866515718791939e-07).isCloseTo(1, offset(1e-14));
    assertThat(StandardNormal.cdf(-3) / 1.3498980316300946e-03).isCloseTo(1, offset(1e-14));
    assertThat(StandardNormal.cdf(-2.9) / 1.8658133003840386e-03).isCloseTo(1, offset(1e-12));
    assertThat(StandardNormal.cdf(-10) / 7.619853024160527e-24).isCloseTo(1, offset(1e-14));
    assertThat(StandardNormal.cdf(40)).isEqualTo(1);
    assertThat(StandardNormal.cdf(Double.NEGATIVE_INFINITY)).isEqualTo(0);
  }

  @Property(tries = 200)
  void cdfInvertsQuantile(@ForAll @DoubleRange(min = 1e-9, max = 1 - 1e-9) @Scale(12) double p) {
    // Acklam's quantile is within 1.2e-9 relative; Φ turns that into at most (1 + x²)·1.2e-9·p.
    double x = StandardNormal.quantile(p);
    double slack = 1e-15 + Math.min(p, 1 - p) * (1 + x * x) * 1.5e-9;
    assertThat(StandardNormal.cdf(x)).isCloseTo(p, offset(slack));
  }
}
