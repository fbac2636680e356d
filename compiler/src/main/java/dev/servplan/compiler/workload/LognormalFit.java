package dev.servplan.compiler.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Least-squares lognormal parameters from a stated mean and optional p50 and p99: (μ, σ ≥ 0)
 * minimising the squared log-space misses of ln mean = μ + σ²/2, ln p50 = μ and ln p99 = μ + z₉₉σ.
 * Two statistics have closed forms (zero miss where a lognormal has them); three go through {@link
 * #leastSquares}.
 */
final class LognormalFit {
  private static final double Z = StandardNormal.Z99;

  private LognormalFit() {}

  /**
   * {μ, σ} from the mean and, when not NaN, p50 and p99. The mean alone gets a coefficient of
   * variation of 1 (σ² = ln 2): one statistic cannot fix two parameters.
   */
  static double[] fit(double mean, double p50, double p99) {
    boolean hasP50 = !Double.isNaN(p50);
    boolean hasP99 = !Double.isNaN(p99);
    if (hasP50 && hasP99) {
      return leastSquares(
          new double[] {Math.log(mean), Math.log(p50), Math.log(p99)},
          new double[] {0, 0, Z},
          new double[] {0.5, 0, 0});
    }
    if (hasP50) {
      double gap = Math.log(mean / p50);
      if (gap < 0) {
        // No lognormal has its median above its mean: σ = 0 splits the miss between the two.
        return new double[] {(Math.log(mean) + Math.log(p50)) / 2, 0};
      }
      return new double[] {Math.log(p50), Math.sqrt(2 * gap)};
    }
    if (hasP99) {
      // ln(p99/mean) = zσ − σ²/2: the smaller non-negative root. Above its maximum z²/2 (p99/mean
      // beyond e^(z²/2) ≈ 15) no lognormal has both, and σ = z splits the miss evenly.
      double c = Math.log(p99 / mean);
      double discriminant = Z * Z - 2 * c;
      if (discriminant < 0) {
        return new double[] {(Math.log(mean) + Math.log(p99)) / 2 - 0.75 * Z * Z, Z};
      }
      double root = Math.sqrt(discriminant);
      double sigma = Z - root >= 0 ? Z - root : Z + root;
      return new double[] {Math.log(mean) - sigma * sigma / 2, sigma};
    }
    double sigma = Math.sqrt(Math.log(2));
    return new double[] {Math.log(mean) - sigma * sigma / 2, sigma};
  }

  /**
   * {μ, σ} minimising Σᵢ (kᵢ − μ − αᵢσ − βᵢσ²)² over σ ≥ 0, for two or more statistics with β not
   * all equal. For fixed σ the best μ is the mean of kᵢ − αᵢσ − βᵢσ², leaving a quartic in σ whose
   * critical points solve a cubic; the best of those and σ = 0 wins, the smaller σ on a tie.
   */
  static double[] leastSquares(double[] k, double[] alpha, double[] beta) {
    int n = k.length;
    double kBar = average(k);
    double aBar = average(alpha);
    double bBar = average(beta);
    // uᵢ(σ) = pᵢ + qᵢσ + rᵢσ², the residual at the best μ; f = Σ uᵢ², f'/2 = Σ uᵢ uᵢ'.
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    for (int i = 0; i < n; i++) {
      double p = k[i] - kBar;
      double q = -(alpha[i] - aBar);
      double r = -(beta[i] - bBar);
      c0 += p * q;
      c1 += 2 * p * r + q * q;
      c2 += 3 * q * r;
      c3 += 2 * r * r;
    }
    List<Double> candidates = new ArrayList<>();
    for (double root : cubicRoots(c3, c2, c1, c0)) {
      if (root > 0) {
        candidates.add(root);
      }
    }
    double bestSigma = 0;
    double bestMiss = squaredMiss(k, alpha, beta, 0);
    for (double sigma : candidates) {
      double miss = squaredMiss(k, alpha, beta, sigma);
      if (miss < bestMiss - 1e-12 * (1 + bestMiss)
          || (Math.abs(miss - bestMiss) <= 1e-12 * (1 + bestMiss) && sigma < bestSigma)) {
        bestMiss = miss;
        bestSigma = sigma;
      }
    }
    return new double[] {bestMu(k, alpha, beta, bestSigma), bestSigma};
  }

  private static double bestMu(double[] k, double[] alpha, double[] beta, double sigma) {
    double sum = 0;
    for (int i = 0; i < k.length; i++) {
      sum += k[i] - alpha[i] * sigma - beta[i] * sigma * sigma;
    }
    return sum / k.length;
  }

  private static double squaredMiss(double[] k, double[] alpha, double[] beta, double sigma) {
    double mu = bestMu(k, alpha, beta, sigma);
    double sum = 0;
    for (int i = 0; i < k.length; i++) {
      double u = k[i] - mu - alpha[i] * sigma - beta[i] * sigma * sigma;
      sum += u * u;
    }
    return sum;
  }

  /** Real roots of c3·x³ + c2·x² + c1·x + c0 (c3 ≠ 0), each polished by Newton steps. */
  static double[] cubicRoots(double c3, double c2, double c1, double c0) {
    if (c3 == 0) {
      throw new IllegalArgumentException("not a cubic");
    }
    double b = c2 / c3;
    double c = c1 / c3;
    double d = c0 / c3;
    double p = c - b * b / 3;
    double q = 2 * b * b * b / 27 - b * c / 3 + d;
    double shift = -b / 3;
    double discriminant = q * q / 4 + p * p * p / 27;
    double[] roots;
    if (discriminant > 0 || p == 0) {
      double s = Math.sqrt(Math.max(0, discriminant));
      roots = new double[] {Math.cbrt(-q / 2 + s) + Math.cbrt(-q / 2 - s) + shift};
    } else {
      double m = 2 * Math.sqrt(-p / 3);
      double cos3 = Math.max(-1, Math.min(1, 3 * q / (p * m)));
      double theta = Math.acos(cos3) / 3;
      roots =
          new double[] {
            m * Math.cos(theta) + shift,
            m * Math.cos(theta - 2 * Math.PI / 3) + shift,
            m * Math.cos(theta - 4 * Math.PI / 3) + shift
          };
    }
    for (int i = 0; i < roots.length; i++) {
      double x = roots[i];
      for (int step = 0; step < 3; step++) {
        double value = ((x + b) * x + c) * x + d;
        double slope = (3 * x + 2 * b) * x + c;
        double next = x - value / slope;
        // Near a double root the slope vanishes: keep only steps that improve the root.
        if (!Double.isFinite(next)
            || Math.abs(((next + b) * next + c) * next + d) >= Math.abs(value)) {
          break;
        }
        x = next;
      }
      roots[i] = x;
    }
    return roots;
  }

  private static double average(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }
}
