package dev.servplan.compiler.workload;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.Optional;

/** Length statistics as a spec states them, for tests. */
final class Dists {
  static final Span SPAN = SourceFile.of("t.yaml", "").wholeSpan();

  private Dists() {}

  static LengthDist of(
      LengthDist.Kind kind, double mean, Double p50, Double p99, Double min, Double max) {
    return new LengthDist(
        new Val<>(kind, SPAN), new Val<>(mean, SPAN), v(p50), v(p99), v(min), v(max), SPAN);
  }

  static LengthDist lognormal(double mean, Double p50, Double p99) {
    return of(LengthDist.Kind.LOGNORMAL, mean, p50, p99, null, null);
  }

  private static Optional<Val<Double>> v(Double x) {
    return Optional.ofNullable(x).map(value -> new Val<>(value, SPAN));
  }
}
