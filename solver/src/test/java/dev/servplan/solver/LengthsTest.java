package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LengthsTest {
  static final Span SPAN = SourceFile.of("t.yaml", "").wholeSpan();

  static LengthDist dist(LengthDist.Kind kind, double mean, Double p99) {
    return new LengthDist(
        new Val<>(kind, SPAN),
        new Val<>(mean, SPAN),
        Optional.empty(),
        Optional.ofNullable(p99).map(v -> new Val<>(v, SPAN)),
        Optional.empty(),
        Optional.empty(),
        SPAN);
  }

  @Test
  void lognormalFitReproducesTheStatedP99() {
    Lengths l = Lengths.of(dist(LengthDist.Kind.LOGNORMAL, 1500, 8000.0));
    assertThat(l.quantile(0.99)).isCloseTo(8000, offset(1.0));
    assertThat(l.cv2).isGreaterThan(0.5);
  }

  @Test
  void fixedAndExponentialQuantiles() {
    assertThat(Lengths.of(dist(LengthDist.Kind.FIXED, 16, null)).quantile(0.99)).isEqualTo(16);
    assertThat(Lengths.of(dist(LengthDist.Kind.EXPONENTIAL, 100, null)).quantile(0.99))
        .isCloseTo(100 * Math.log(100), offset(1e-6));
  }

  @Test
  void normalQuantileMatchesKnownValues() {
    assertThat(Lengths.normalQuantile(0.99)).isCloseTo(2.326348, offset(1e-5));
    assertThat(Lengths.normalQuantile(0.5)).isCloseTo(0, offset(1e-9));
    assertThat(Lengths.normalQuantile(0.001)).isCloseTo(-3.090232, offset(1e-5));
  }
}
