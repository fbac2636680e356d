package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Arrival;
import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.ir.Workload;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.workload.LengthDistribution;
import dev.servplan.compiler.workload.WorkloadModel;
import dev.servplan.hwdb.unit.Rate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The lengths the simulator samples have the mean, p50 and p99 the solver integrates. The solver's
 * {@code Demand} reads {@code WorkloadModel.of(workload)}; the simulator's requests come from
 * {@link PlanSimulation#workload} through a {@link SyntheticSource}. For every family and several
 * parameterisations (lognormals from every combination of mean, p50 and p99, clamped ones, lengths
 * of a few tokens where rounding matters), 200,000 sampled requests are compared with {@code
 * mean()}, {@code quantile(0.5)} and {@code quantile(0.99)}.
 *
 * <p>Tolerances. The sampled mean is within 5 standard errors (5·sd/√n, sd from {@code cv2()}) plus
 * 0.05 tokens: {@code mean()} is the clamped distribution's mean before rounding to whole tokens,
 * and rounding moves it by about (f(min) − f(max))/24 tokens for a density f (Euler–Maclaurin),
 * below 0.02 tokens for every case here. A quantile is checked without assuming a density: with x =
 * {@code quantile(q)}, at least q of the samples must be ≤ x + ½ and at most q below x − ½
 * (rounding moves no sample across those lines), each up to 5 standard errors of a proportion,
 * 5·√(q(1 − q)/n). Five standard errors make a false failure a one-in-a-million event for a random
 * seed; the seed is fixed, so the test is also deterministic.
 */
class WorkloadAgreementTest {
  private static final Span SPAN = SourceFile.of("agreement.yaml", "").wholeSpan();
  private static final int N = 200_000;
  private static final double ROUNDING = 0.05;
  private static final double Z = 5;

  private record Case(String name, LengthDist input) {}

  private static Optional<Val<Double>> v(Double x) {
    return Optional.ofNullable(x).map(value -> new Val<>(value, SPAN));
  }

  private static Case lengths(
      String name,
      LengthDist.Kind kind,
      double mean,
      Double p50,
      Double p99,
      Double min,
      Double max) {
    return new Case(
        name,
        new LengthDist(
            new Val<>(kind, SPAN), new Val<>(mean, SPAN), v(p50), v(p99), v(min), v(max), SPAN));
  }

  private static final LengthDist.Kind LOGNORMAL = LengthDist.Kind.LOGNORMAL;
  private static final LengthDist.Kind NORMAL = LengthDist.Kind.NORMAL;
  private static final LengthDist.Kind UNIFORM = LengthDist.Kind.UNIFORM;
  private static final LengthDist.Kind EXPONENTIAL = LengthDist.Kind.EXPONENTIAL;
  private static final LengthDist.Kind FIXED = LengthDist.Kind.FIXED;

  private static final Case[] CASES = {
    lengths("lognormal mean+p99", LOGNORMAL, 1500, null, 8000.0, null, null),
    lengths("lognormal mean+p50+p99 (least squares)", LOGNORMAL, 1500, 600.0, 8000.0, null, null),
    lengths("lognormal mean+p50", LOGNORMAL, 700, 500.0, null, null, null),
    lengths("lognormal mean only", LOGNORMAL, 1000, null, null, null, null),
    lengths("lognormal p99 > 15x mean, clamped", LOGNORMAL, 100, null, 2000.0, null, 20000.0),
    lengths("lognormal clamped both ends", LOGNORMAL, 1500, null, 8000.0, 200.0, 4000.0),
    lengths("lognormal of a few tokens", LOGNORMAL, 40, null, 120.0, null, null),
    lengths("lognormal mean+p50+p99 clamped", LOGNORMAL, 1000, 700.0, 4000.0, 64.0, 3000.0),
    lengths("normal p99 = max (rag example)", NORMAL, 32000, null, 32768.0, null, 32768.0),
    lengths("normal with no spread stated", NORMAL, 600, null, null, null, null),
    lengths("normal clamped at 1 token", NORMAL, 10, null, 30.0, null, null),
    lengths("uniform min..max", UNIFORM, 550, null, null, 100.0, 1000.0),
    lengths("uniform from the mean", UNIFORM, 300, null, null, null, null),
    lengths("exponential of a few tokens", EXPONENTIAL, 3, null, null, null, null),
    lengths("exponential clamped", EXPONENTIAL, 300, null, null, 20.0, 1000.0),
    lengths("fixed", FIXED, 256, null, null, null, null),
  };

  @TestFactory
  Stream<DynamicTest> sampledLengthsMatchTheIntegratedOnes() {
    return Arrays.stream(CASES).map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) {
    Workload w =
        new Workload(
            new Val<>(Rate.perSecond(10), SPAN),
            new Arrival.Gamma(new Val<>(2.0, SPAN), SPAN),
            c.input(),
            LengthDist.fixed(new Val<>(100.0, SPAN)),
            Optional.empty(),
            SPAN);
    // What the solver integrates.
    LengthDistribution solver = WorkloadModel.of(w).input();
    // What the simulator samples.
    SimWorkload.Synthetic sim = (SimWorkload.Synthetic) PlanSimulation.workload(w, Path.of("."));
    SyntheticSource source =
        new SyntheticSource(
            sim.arrivals(), sim.input(), sim.output(), sim.prefix(), new SplittableRandom(42));
    int[] xs = new int[N];
    double sum = 0;
    for (int i = 0; i < N; i++) {
      source.advance();
      xs[i] = source.input();
      sum += xs[i];
    }
    Arrays.sort(xs);
    double mean = sum / N;
    double se = Math.sqrt(solver.cv2()) * solver.mean() / Math.sqrt(N);
    assertThat(mean)
        .as("%s: sampled mean vs mean() = %s", c.name(), solver.mean())
        .isBetween(solver.mean() - Z * se - ROUNDING, solver.mean() + Z * se + ROUNDING);
    for (double q : new double[] {0.5, 0.99}) {
      double x = solver.quantile(q);
      double tolerance = Z * Math.sqrt(q * (1 - q) / N);
      double atMost = share(xs, v -> v <= x + 0.5);
      double below = share(xs, v -> v < x - 0.5);
      assertThat(atMost)
          .as("%s: share of samples <= quantile(%s) + 1/2 = %s", c.name(), q, x + 0.5)
          .isGreaterThanOrEqualTo(q - tolerance);
      assertThat(below)
          .as("%s: share of samples < quantile(%s) - 1/2 = %s", c.name(), q, x - 0.5)
          .isLessThanOrEqualTo(q + tolerance);
    }
  }

  private interface IntTest {
    boolean test(int v);
  }

  private static double share(int[] sorted, IntTest test) {
    int count = 0;
    for (int v : sorted) {
      if (test.test(v)) {
        count++;
      }
    }
    return (double) count / sorted.length;
  }
}
