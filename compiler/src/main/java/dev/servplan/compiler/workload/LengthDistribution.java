package dev.servplan.compiler.workload;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.hwdb.unit.Quantities;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fitted token-length distribution: a family X with two parameters, and the bounds [min, max]
 * every request's length is clamped to. A request's length is {@code clamp(round(X), min, max)},
 * which is what {@link #sample} draws; {@link #mean}, {@link #quantile} and {@link #cv2} are the
 * statistics of {@code clamp(X, min, max)}, the same thing before rounding to whole tokens (the
 * rounding moves the mean by at most half a token, and by about (f(min) − f(max))/24 tokens for a
 * density f spread over many tokens). {@link LengthFit} fits one from a spec; docs/spec-language.md
 * ("Workload model") states the rules.
 *
 * <p>The parameters {@code a} and {@code b} are, by family: lognormal μ and σ (of ln X); normal
 * mean and standard deviation; uniform low and high end; exponential mean (b unused); fixed value
 * (b unused). A family whose spread is zero (σ = 0, low = high) is a point mass.
 */
public final class LengthDistribution {
  private final LengthDist.Kind family;
  private final double a;
  private final double b;
  private final int min;
  private final int max;
  private final double mean;
  private final double cv2;

  private LengthDistribution(LengthDist.Kind family, double a, double b, int min, int max) {
    this.family = Objects.requireNonNull(family, "family");
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          "bounds must satisfy 1 <= min <= max, got [" + min + ", " + max + "]");
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("parameters must be finite, got " + a + ", " + b);
    }
    this.a = a;
    this.b = b;
    this.min = min;
    this.max = max;
    double[] moments = moments();
    this.mean = moments[0];
    this.cv2 = Math.max(0, moments[1] / (moments[0] * moments[0]) - 1);
  }

  /** Always {@code tokens}. */
  public static LengthDistribution fixed(int tokens) {
    return new LengthDistribution(LengthDist.Kind.FIXED, tokens, 0, 1, Integer.MAX_VALUE);
  }

  /** e^(μ + σZ), clamped to [min, max]. */
  public static LengthDistribution lognormal(double mu, double sigma, int min, int max) {
    requireSpread(sigma);
    return new LengthDistribution(LengthDist.Kind.LOGNORMAL, mu, sigma, min, max);
  }

  /** mean + sd·Z, clamped to [min, max]. */
  public static LengthDistribution normal(double mean, double sd, int min, int max) {
    requireSpread(sd);
    return new LengthDistribution(LengthDist.Kind.NORMAL, mean, sd, min, max);
  }

  /** Uniform on [low, high], clamped to [min, max]. */
  public static LengthDistribution uniform(double low, double high, int min, int max) {
    if (high < low) {
      throw new IllegalArgumentException("uniform needs low <= high, got " + low + ", " + high);
    }
    return new LengthDistribution(LengthDist.Kind.UNIFORM, low, high, min, max);
  }

  /** Exponential with this mean, clamped to [min, max]. */
  public static LengthDistribution exponential(double mean, int min, int max) {
    if (!(mean > 0)) {
      throw new IllegalArgumentException("exponential needs a positive mean, got " + mean);
    }
    return new LengthDistribution(LengthDist.Kind.EXPONENTIAL, mean, 0, min, max);
  }

  /** A constant {@code value}, clamped to [min, max]. */
  static LengthDistribution fixed(double value, int min, int max) {
    return new LengthDistribution(LengthDist.Kind.FIXED, value, 0, min, max);
  }

  /**
   * The distribution a valid spec states ({@link LengthFit#of}); throws when the statistics are
   * inconsistent, which validation reports as E0308 before any caller gets here.
   */
  public static LengthDistribution of(LengthDist spec) {
    LengthFit fit = LengthFit.of(spec);
    if (fit.problem().isPresent()) {
      throw new IllegalArgumentException(fit.problem().get().message());
    }
    return fit.distribution();
  }

  private static void requireSpread(double spread) {
    if (!(spread >= 0)) {
      throw new IllegalArgumentException("spread must be >= 0, got " + spread);
    }
  }

  public LengthDist.Kind family() {
    return family;
  }

  /** Lognormal μ, normal mean, uniform low end, exponential mean, fixed value. */
  public double a() {
    return a;
  }

  /** Lognormal σ, normal standard deviation, uniform high end; 0 otherwise. */
  public double b() {
    return b;
  }

  /** Smallest length a request can have (at least 1). */
  public int min() {
    return min;
  }

  /** Largest length a request can have ({@link Integer#MAX_VALUE} when the spec states none). */
  public int max() {
    return max;
  }

  /** Mean tokens of the clamped distribution (see the class comment on rounding). */
  public double mean() {
    return mean;
  }

  /** Squared coefficient of variation of the clamped distribution: the c² of queueing formulas. */
  public double cv2() {
    return cv2;
  }

  /** The q-quantile of the clamped distribution, in [min, max]; the sampled one is it rounded. */
  public double quantile(double q) {
    if (isPointMass()) {
      return pointValue();
    }
    double x;
    switch (family) {
      case EXPONENTIAL:
        x = -a * Math.log(1 - q);
        break;
      case NORMAL:
        x = a + b * StandardNormal.quantile(q);
        break;
      case UNIFORM:
        x = a + q * (b - a);
        break;
      case LOGNORMAL:
      default:
        x = Math.exp(a + b * StandardNormal.quantile(q));
        break;
    }
    return clamp(x);
  }

  /** One request's length: a draw of X rounded to whole tokens and clamped to [min, max]. */
  public int sample(SplittableRandom rng) {
    double x;
    switch (family) {
      case FIXED:
        x = a;
        break;
      case EXPONENTIAL:
        x = a * rng.nextExponential();
        break;
      case NORMAL:
        x = a + b * rng.nextGaussian();
        break;
      case UNIFORM:
        x = a + (b - a) * rng.nextDouble();
        break;
      case LOGNORMAL:
      default:
        x = Math.exp(a + b * rng.nextGaussian());
        break;
    }
    long rounded = Math.round(x);
    return (int) Math.max(min, Math.min(max, Math.min(Integer.MAX_VALUE, rounded)));
  }

  /** A one-line description for reports: {@code lognormal(mu=6.2, sigma=0.8)}. */
  public String describe() {
    String bounds =
        (min > 1 ? ", min=" + min : "") + (max < Integer.MAX_VALUE ? ", max=" + max : "");
    switch (family) {
      case FIXED:
        return "fixed(" + num(a) + bounds + ")";
      case EXPONENTIAL:
        return "exponential(mean=" + num(a) + bounds + ")";
      case NORMAL:
        return "normal(mean=" + num(a) + ", sigma=" + num(b) + bounds + ")";
      case UNIFORM:
        return "uniform(" + num(a) + ", " + num(b) + bounds + ")";
      case LOGNORMAL:
      default:
        return "lognormal(mu=" + num(a) + ", sigma=" + num(b) + bounds + ")";
    }
  }

  private static String num(double x) {
    return Quantities.formatNumber(x);
  }

  private boolean isPointMass() {
    return family == LengthDist.Kind.FIXED
        || (family != LengthDist.Kind.EXPONENTIAL && family != LengthDist.Kind.UNIFORM && b == 0)
        || (family == LengthDist.Kind.UNIFORM && a == b);
  }

  /** The one length a point mass samples: its value rounded, then clamped. */
  private double pointValue() {
    double x = family == LengthDist.Kind.LOGNORMAL ? Math.exp(a) : a;
    return Math.max(min, Math.min(max, Math.min(Integer.MAX_VALUE, Math.round(x))));
  }

  private double clamp(double x) {
    return Math.max(min, Math.min(max, x));
  }

  /**
   * E[Y] and E[Y²] of Y = clamp(X, min, max): min^k·P(X ≤ min) + ∫ x^k dF over (min, max] +
   * max^k·P(X > max), in closed form per family.
   */
  private double[] moments() {
    if (isPointMass()) {
      double v = pointValue();
      return new double[] {v, v * v};
    }
    double lo = min;
    double hi = max;
    double below = cdf(lo);
    double above = 1 - cdf(hi);
    double[] inside = partialMoments(lo, hi);
    return new double[] {
      lo * below + inside[0] + hi * above, lo * lo * below + inside[1] + hi * hi * above
    };
  }

  /** P(X ≤ x) of the unclamped family (not a point mass). */
  private double cdf(double x) {
    switch (family) {
      case EXPONENTIAL:
        return -Math.expm1(-x / a);
      case NORMAL:
        return StandardNormal.cdf((x - a) / b);
      case UNIFORM:
        return Math.max(0, Math.min(1, (x - a) / (b - a)));
      case LOGNORMAL:
      default:
        return StandardNormal.cdf((Math.log(x) - a) / b);
    }
  }

  /** ∫ x dF and ∫ x² dF over (lo, hi] for the unclamped family (not a point mass). */
  private double[] partialMoments(double lo, double hi) {
    switch (family) {
      case EXPONENTIAL:
        {
          double theta = a;
          double eLo = Math.exp(-lo / theta);
          double eHi = Math.exp(-hi / theta);
          return new double[] {
            (lo + theta) * eLo - (hi + theta) * eHi,
            (lo * lo + 2 * theta * lo + 2 * theta * theta) * eLo
                - (hi * hi + 2 * theta * hi + 2 * theta * theta) * eHi
          };
        }
      case NORMAL:
        {
          double alpha = (lo - a) / b;
          double beta = (hi - a) / b;
          double mass = StandardNormal.cdf(beta) - StandardNormal.cdf(alpha);
          double dens = StandardNormal.density(alpha) - StandardNormal.density(beta);
          double edge = timesDensity(alpha) - timesDensity(beta);
          return new double[] {
            a * mass + b * dens, (a * a + b * b) * mass + 2 * a * b * dens + b * b * edge
          };
        }
      case UNIFORM:
        {
          double from = Math.max(lo, a);
          double to = Math.min(hi, b);
          if (!(to > from)) {
            return new double[] {0, 0};
          }
          double width = b - a;
          return new double[] {
            (to * to - from * from) / (2 * width), (to * to * to - from * from * from) / (3 * width)
          };
        }
      case LOGNORMAL:
      default:
        {
          double lnLo = Math.log(lo);
          double lnHi = Math.log(hi);
          double[] out = new double[2];
          for (int k = 1; k <= 2; k++) {
            double shift = a + k * b * b;
            double mass =
                StandardNormal.cdf((lnHi - shift) / b) - StandardNormal.cdf((lnLo - shift) / b);
            out[k - 1] = Math.exp(k * a + k * k * b * b / 2) * mass;
          }
          return out;
        }
    }
  }

  /** x·φ(x), 0 at ±∞ (where the plain product is ∞·0). */
  private static double timesDensity(double x) {
    return Double.isInfinite(x) ? 0 : x * StandardNormal.density(x);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LengthDistribution d
        && family == d.family
        && Double.compare(a, d.a) == 0
        && Double.compare(b, d.b) == 0
        && min == d.min
        && max == d.max;
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, a, b, min, max);
  }

  @Override
  public String toString() {
    return describe();
  }
}
