package dev.servplan.compiler.workload;

/**
 * The standard normal distribution: density, CDF, inverse CDF and z₀.₉₉, the one copy the workload
 * fits, the solver's queueing model and the simulator all use.
 */
public final class StandardNormal {
  /** z of the 99th percentile, Φ⁻¹(0.99), to double precision. */
  public static final double Z99 = 2.3263478740408408;

  /** ln √(2π). */
  private static final double LN_SQRT_2PI = 0.91893853320467274178;

  /**
   * From this |x| on the CDF's tail comes from a continued fraction: Marsaglia's series is accurate
   * in absolute terms but loses relative accuracy in the tail (2e-13 at x = −3, 1e-9 at −5), the
   * fraction is within 1e-15 relative from 3 on.
   */
  private static final double TAIL_X = 3;

  private StandardNormal() {}

  /** φ(x). */
  public static double density(double x) {
    return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
  }

  /**
   * Φ(x). G. Marsaglia's Taylor series, "Evaluating the Normal Distribution", Journal of
   * Statistical Software 11(4), 2004 (absolute error below 1e-15), inside |x| ≤ 8; the Laplace
   * continued fraction for the tail outside.
   */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= -TAIL_X) {
      return upperTail(-x);
    }
    if (x >= TAIL_X) {
      return 1 - upperTail(x);
    }
    double sum = x;
    double previous = 0;
    double term = x;
    double q = x * x;
    double i = 1;
    while (sum != previous) {
      previous = sum;
      i += 2;
      term *= q / i;
      sum = previous + term;
    }
    return 0.5 + sum * density(x);
  }

  /**
   * 1 − Φ(x) for x ≥ 3: φ(x)/(x + 1/(x + 2/(x + 3/(x + …)))), 80 levels (within 1e-15 relative
   * there, checked against arbitrary-precision values).
   */
  private static double upperTail(double x) {
    double fraction = 0;
    for (int k = 80; k >= 1; k--) {
      fraction = k / (x + fraction);
    }
    return density(x) / (x + fraction);
  }

  /**
   * Φ⁻¹(p): P. J. Acklam's rational approximation, relative error below 1.2e-9
   * (https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/). −∞
   * at p ≤ 0 and +∞ at p ≥ 1.
   */
  public static double quantile(double p) {
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p < P_LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > 1 - P_LOW) {
      return -quantile(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5])
        * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }

  private static final double P_LOW = 0.02425;

  private static final double[] A = {
    -3.969683028665376e+01,
    2.209460984245205e+02,
    -2.759285104469687e+02,
    1.383577518672690e+02,
    -3.066479806614716e+01,
    2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e+00,
    -2.549732539343734e+00,
    4.374664141464968e+00,
    2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
}
