package dev.servplan.solver;

import dev.servplan.compiler.ir.LengthDist;

/**
 * Quantiles and squared coefficient of variation of a token-length distribution, fitted from the
 * statistics the spec states. The fits are in docs/solver.md ("Workload statistics").
 */
final class Lengths {
  /** z of the 99th percentile of the standard normal. */
  static final double Z99 = 2.3263478740408408;

  final double mean;

  /** Squared coefficient of variation, the cs² or ca² of the queueing formulas. */
  final double cv2;

  private final LengthDist.Kind kind;
  private final double mu;
  private final double sigma;
  private final double lo;
  private final double hi;
  private final double max;

  private Lengths(
      LengthDist.Kind kind,
      double mean,
      double cv2,
      double mu,
      double sigma,
      double lo,
      double hi,
      double max) {
    this.kind = kind;
    this.mean = mean;
    this.cv2 = cv2;
    this.mu = mu;
    this.sigma = sigma;
    this.lo = lo;
    this.hi = hi;
    this.max = max;
  }

  static Lengths of(LengthDist d) {
    double mean = d.mean().value();
    double max = d.max().map(v -> v.value()).orElse(Double.POSITIVE_INFINITY);
    switch (d.kind().value()) {
      case FIXED:
        return new Lengths(LengthDist.Kind.FIXED, mean, 0, 0, 0, mean, mean, max);
      case EXPONENTIAL:
        return new Lengths(LengthDist.Kind.EXPONENTIAL, mean, 1, 0, 0, 0, 0, max);
      case NORMAL:
        {
          double sd =
              d.p99()
                  .map(p -> (p.value() - mean) / Z99)
                  .or(() -> d.max().map(m -> (m.value() - mean) / Z99))
                  // Without a spread statistic assume cv = 1/3, so the mass below zero is
                  // negligible.
                  .orElse(mean / 3);
          sd = Math.max(0, sd);
          return new Lengths(LengthDist.Kind.NORMAL, mean, sq(sd / mean), mean, sd, 0, 0, max);
        }
      case UNIFORM:
        {
          double lo = d.min().map(v -> v.value()).orElse(Double.NaN);
          double hi = d.max().map(v -> v.value()).orElse(Double.NaN);
          if (Double.isNaN(lo) && Double.isNaN(hi)) {
            lo = 0;
            hi = 2 * mean;
          } else if (Double.isNaN(lo)) {
            lo = Math.max(0, 2 * mean - hi);
          } else if (Double.isNaN(hi)) {
            hi = 2 * mean - lo;
          }
          double sd = (hi - lo) / Math.sqrt(12);
          return new Lengths(LengthDist.Kind.UNIFORM, mean, sq(sd / mean), 0, 0, lo, hi, max);
        }
      case LOGNORMAL:
      default:
        {
          double sigma;
          if (d.p50().isPresent()) {
            double p50 = d.p50().get().value();
            sigma = Math.sqrt(Math.max(0, 2 * Math.log(mean / p50)));
          } else if (d.p99().isPresent()) {
            // mean = exp(mu + s²/2), p99 = exp(mu + z s)  =>  s²/2 - z s + ln(p99/mean) = 0.
            double r = Math.log(d.p99().get().value() / mean);
            double disc = Z99 * Z99 - 2 * r;
            sigma = disc <= 0 ? Z99 : Z99 - Math.sqrt(disc);
          } else {
            // No spread stated: cv = 1, i.e. s² = ln 2.
            sigma = Math.sqrt(Math.log(2));
          }
          double mu = Math.log(mean) - sigma * sigma / 2;
          return new Lengths(
              LengthDist.Kind.LOGNORMAL, mean, Math.expm1(sigma * sigma), mu, sigma, 0, 0, max);
        }
    }
  }

  /** The q-quantile, never above the stated max. */
  double quantile(double q) {
    double v;
    switch (kind) {
      case FIXED:
        v = mean;
        break;
      case EXPONENTIAL:
        v = -mean * Math.log(1 - q);
        break;
      case NORMAL:
        v = mu + sigma * normalQuantile(q);
        break;
      case UNIFORM:
        v = lo + q * (hi - lo);
        break;
      case LOGNORMAL:
      default:
        v = Math.exp(mu + sigma * normalQuantile(q));
        break;
    }
    return Math.max(1, Math.min(max, v));
  }

  private static double sq(double x) {
    return x * x;
  }

  /**
   * Inverse standard normal CDF (P. J. Acklam's rational approximation, relative error below
   * 1.2e-9;
   * https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/).
   */
  static double normalQuantile(double p) {
    double[] a = {
      -3.969683028665376e+01,
      2.209460984245205e+02,
      -2.759285104469687e+02,
      1.383577518672690e+02,
      -3.066479806614716e+01,
      2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03,
      -3.223964580411365e-01,
      -2.400758277161838e+00,
      -2.549732539343734e+00,
      4.374664141464968e+00,
      2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double plow = 0.02425;
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p < plow) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - plow) {
      return -normalQuantile(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
