package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.hwdb.unit.Quantities;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fitted token-length distribution that can be sampled: the family, its two parameters, and
 * bounds every sample is clamped to (at least 1 token). {@link #fit} turns the statistics a spec
 * states (mean, p50, p99, min, max) into parameters; docs/simulator.md lists the rules.
 *
 * @param a lognormal μ, normal mean, uniform low end, exponential mean, fixed value
 * @param b lognormal σ, normal σ, uniform high end (unused otherwise)
 */
public record LengthModel(LengthDist.Kind family, double a, double b, int min, int max) {
  /** z-score of the 99th percentile of the standard normal distribution. */
  static final double Z99 = 2.3263478740408408;

  public LengthModel {
    Objects.requireNonNull(family, "family");
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          "bounds must satisfy 1 <= min <= max, got [" + min + ", " + max + "]");
    }
  }

  /** Always {@code tokens}. */
  public static LengthModel fixed(int tokens) {
    return new LengthModel(LengthDist.Kind.FIXED, tokens, 0, 1, Integer.MAX_VALUE);
  }

  /** Fits the spec's statistics; see docs/simulator.md ("Length distributions") for each family. */
  public static LengthModel fit(LengthDist dist) {
    double mean = dist.mean().value();
    int min = dist.min().map(v -> (int) Math.max(1, Math.ceil(v.value()))).orElse(1);
    int max = dist.max().map(v -> (int) Math.floor(v.value())).orElse(Integer.MAX_VALUE);
    max = Math.max(min, max);
    Double p50 = dist.p50().map(Val::value).orElse(null);
    Double p99 = dist.p99().map(Val::value).orElse(null);
    switch (dist.kind().value()) {
      case FIXED:
        return new LengthModel(LengthDist.Kind.FIXED, mean, 0, min, max);
      case EXPONENTIAL:
        return new LengthModel(LengthDist.Kind.EXPONENTIAL, mean, 0, min, max);
      case NORMAL:
        {
          double sigma = 0;
          if (p99 != null) {
            sigma = Math.max(0, (p99 - mean) / Z99);
          } else if (dist.max().isPresent()) {
            sigma = Math.max(0, (dist.max().get().value() - mean) / Z99);
          }
          return new LengthModel(LengthDist.Kind.NORMAL, mean, sigma, min, max);
        }
      case UNIFORM:
        {
          double low = dist.min().map(Val::value).orElse(Double.NaN);
          double high = dist.max().map(Val::value).orElse(Double.NaN);
          if (Double.isNaN(low) && Double.isNaN(high)) {
            low = 1;
            high = 2 * mean - 1;
          } else if (Double.isNaN(low)) {
            low = Math.max(1, 2 * mean - high);
          } else if (Double.isNaN(high)) {
            high = 2 * mean - low;
          }
          return new LengthModel(LengthDist.Kind.UNIFORM, low, Math.max(low, high), min, max);
        }
      case LOGNORMAL:
      default:
        return lognormal(mean, p50, p99, min, max);
    }
  }

  /**
   * Lognormal parameters from whichever statistics are given, most specific first: p50 and p99 (μ =
   * ln p50, σ = ln(p99/p50)/z₉₉); mean and p99 (the smaller root of σ²/2 − z₉₉σ + ln(p99/mean) =
   * 0); mean and p50 (σ² = 2 ln(mean/p50)); mean alone (coefficient of variation 1, σ² = ln 2).
   */
  static LengthModel lognormal(double mean, Double p50, Double p99, int min, int max) {
    double mu;
    double sigma;
    if (p50 != null && p99 != null && p99 > p50) {
      mu = Math.log(p50);
      sigma = Math.log(p99 / p50) / Z99;
    } else if (p99 != null && p99 > mean) {
      double c = Math.log(p99 / mean);
      double discriminant = Z99 * Z99 - 2 * c;
      // Beyond p99/mean = e^(z²/2) ≈ 15 no lognormal has both figures; σ = z is the closest.
      sigma = discriminant > 0 ? Z99 - Math.sqrt(discriminant) : Z99;
      mu = Math.log(mean) - sigma * sigma / 2;
    } else if (p50 != null && mean > p50) {
      sigma = Math.sqrt(2 * Math.log(mean / p50));
      mu = Math.log(p50);
    } else if (p50 != null && p99 == null && mean <= p50) {
      sigma = 0;
      mu = Math.log(mean);
    } else {
      sigma = Math.sqrt(Math.log(2));
      mu = Math.log(mean) - sigma * sigma / 2;
    }
    return new LengthModel(LengthDist.Kind.LOGNORMAL, mu, sigma, min, max);
  }

  /** One sample, rounded to whole tokens and clamped to [min, max]. */
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
        return "fixed(" + Quantities.formatNumber(a) + bounds + ")";
      case EXPONENTIAL:
        return "exponential(mean=" + Quantities.formatNumber(a) + bounds + ")";
      case NORMAL:
        return "normal(mean="
            + Quantities.formatNumber(a)
            + ", sigma="
            + Quantities.formatNumber(b)
            + bounds
            + ")";
      case UNIFORM:
        return "uniform("
            + Quantities.formatNumber(a)
            + ", "
            + Quantities.formatNumber(b)
            + bounds
            + ")";
      case LOGNORMAL:
      default:
        return "lognormal(mu="
            + Quantities.formatNumber(a)
            + ", sigma="
            + Quantities.formatNumber(b)
            + bounds
            + ")";
    }
  }
}
