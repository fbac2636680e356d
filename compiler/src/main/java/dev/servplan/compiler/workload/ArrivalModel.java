package dev.servplan.compiler.workload;

import dev.servplan.compiler.ir.Arrival;
import dev.servplan.compiler.ir.Workload;
import java.util.SplittableRandom;

/**
 * A renewal arrival process: independent inter-arrival gaps with mean {@code 1/ratePerS} and
 * coefficient of variation {@code cv}. {@code cv = 1} is Poisson (exponential gaps); otherwise gaps
 * are Gamma-distributed with shape {@code 1/cv²}, the bursty-arrival model BurstGPT fits to its
 * traces (Wang et al., arXiv:2401.17644, §3.3). The solver's queueing model reads {@link #ca2}, the
 * simulator draws {@link #nextGap}.
 */
public record ArrivalModel(double ratePerS, double cv) {
  public ArrivalModel {
    if (!(ratePerS > 0) || Double.isInfinite(ratePerS)) {
      throw new IllegalArgumentException(
          "arrival rate must be positive and finite, got " + ratePerS);
    }
    if (!(cv > 0) || Double.isInfinite(cv)) {
      throw new IllegalArgumentException("coefficient of variation must be positive, got " + cv);
    }
  }

  public static ArrivalModel poisson(double ratePerS) {
    return new ArrivalModel(ratePerS, 1.0);
  }

  /**
   * The spec's arrivals: Poisson, or Gamma with the stated cv. A trace has no closed form; the
   * simulator replays it, and the queueing model takes Poisson at the stated rate as its stand-in.
   */
  public static ArrivalModel of(Workload w) {
    double rate = w.rate().value().perSecond();
    return w.arrival() instanceof Arrival.Gamma g
        ? new ArrivalModel(rate, g.cv().value())
        : poisson(rate);
  }

  /** Squared coefficient of variation of the inter-arrival gaps: the c_a² of Kingman's formula. */
  public double ca2() {
    return cv * cv;
  }

  /** The next inter-arrival gap in seconds. */
  public double nextGap(SplittableRandom rng) {
    double mean = 1.0 / ratePerS;
    if (cv == 1.0) {
      return mean * rng.nextExponential();
    }
    double shape = 1.0 / (cv * cv);
    return mean / shape * gamma(shape, rng);
  }

  /**
   * A Gamma(shape, 1) variate by Marsaglia and Tsang, "A simple method for generating gamma
   * variables", ACM TOMS 26(3), 2000; shapes below 1 use their boost Gamma(k) = Gamma(k+1)·U^(1/k).
   */
  static double gamma(double shape, SplittableRandom rng) {
    if (shape < 1) {
      double u = rng.nextDouble();
      while (u == 0) {
        u = rng.nextDouble();
      }
      return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
