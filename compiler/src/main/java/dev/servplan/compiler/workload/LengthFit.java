package dev.servplan.compiler.workload;

import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.unit.Quantities;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A spec's length statistics fitted to its family: the one rule both the solver and the simulator
 * use (docs/spec-language.md, "Workload model").
 *
 * <p>The stated mean, p50 and p99 are statistics of the family before the clamp; min and max
 * (uniform: its ends) clamp every length afterwards. By family:
 *
 * <ul>
 *   <li>lognormal: (μ, σ ≥ 0) minimise Σ (ln s − ln ŝ)² over the stated statistics s, with ln mean
 *       = μ + σ²/2, ln p50 = μ and ln p99 = μ + z₉₉σ. Any two statistics fit exactly, where a
 *       lognormal has them (mean and p99 have two solutions: the smaller σ is taken); all three are
 *       fitted by least squares; the mean alone gets a coefficient of variation of 1 (σ² = ln 2).
 *   <li>normal: the mean; sd = (p99 − mean)/z₉₉, else (max − mean)/z₉₉, else mean/3 (a coefficient
 *       of variation of 1/3, so that lengths below zero are negligible).
 *   <li>uniform: [min, max]; a missing end mirrors the other about the mean (at least 1); neither:
 *       [1, 2·mean − 1].
 *   <li>exponential: the mean. fixed: the mean.
 * </ul>
 *
 * <p>The statistics are inconsistent (a {@link Problem}, reported as E0308) when the family cannot
 * have them at all (a lognormal's p50 above its mean or p99 not above its p50; a normal's p99 not
 * above its mean), or when the fitted family misses a stated mean, p50 or p99 by more than a factor
 * of {@link #MAX_FACTOR} either way.
 *
 * @param distribution the fitted distribution; the closest one when there is a problem
 * @param problem why no distribution of the family has the stated statistics
 */
public record LengthFit(LengthDistribution distribution, Optional<Problem> problem) {
  /**
   * How far a fitted statistic may lie from the stated one, as a ratio either way. 25 % keeps
   * statistics that are only roughly lognormal (the tail of real prompt lengths is often heavier,
   * so {@code mean 1500, p50 600, p99 8000} fits within 22 %) and refuses figures the fit would
   * have to change by more than a planner should silently accept: one such miss moves the KV cache
   * (p99) or the throughput (mean) by a quarter.
   */
  public static final double MAX_FACTOR = 1.25;

  /** Numerical slack on the threshold, so that exact fits never trip it. */
  private static final double SLACK = 1e-9;

  public LengthFit {
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(problem, "problem");
  }

  /**
   * Why the statistics fit no distribution of their family: where (the statistic furthest off),
   * what, and how to fix it.
   */
  public record Problem(Span span, String message, String help) {
    public Problem {
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(help, "help");
    }
  }

  /** Fits a spec's length statistics; never throws for a lowered {@link LengthDist}. */
  public static LengthFit of(LengthDist spec) {
    int lo = spec.min().map(v -> (int) Math.max(1, Math.ceil(v.value()))).orElse(1);
    int hi =
        spec.max()
            .map(v -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(v.value()))))
            .orElse(Integer.MAX_VALUE);
    hi = Math.max(lo, hi);
    double mean = spec.mean().value();
    switch (spec.kind().value()) {
      case FIXED:
        return check(spec, LengthDistribution.fixed(mean, lo, hi), mean, q -> mean, "the fitted");
      case EXPONENTIAL:
        return check(
            spec,
            LengthDistribution.exponential(mean, lo, hi),
            mean,
            q -> -mean * Math.log(1 - q),
            "the fitted");
      case NORMAL:
        return normal(spec, mean, lo, hi);
      case UNIFORM:
        return uniform(spec, mean, lo, hi);
      case LOGNORMAL:
      default:
        return lognormal(spec, mean, lo, hi);
    }
  }

  private static LengthFit normal(LengthDist spec, double mean, int lo, int hi) {
    Optional<Val<Double>> p99 = spec.p99();
    double sd =
        p99.map(p -> (p.value() - mean) / StandardNormal.Z99)
            .or(() -> spec.max().map(m -> (m.value() - mean) / StandardNormal.Z99))
            .orElse(mean / 3);
    LengthDistribution fitted = LengthDistribution.normal(mean, Math.max(0, sd), lo, hi);
    if (p99.isPresent() && p99.get().value() <= mean) {
      return new LengthFit(
          fitted,
          Optional.of(
              new Problem(
                  p99.get().span(),
                  "p99 "
                      + num(p99.get().value())
                      + " is not above the mean "
                      + num(mean)
                      + ", which a normal distribution cannot have: its p99 lies "
                      + "2.33 standard deviations above its mean",
                  "check the figures, or leave p99 out (a normal with no spread stated has a"
                      + " standard deviation of mean/3)")));
    }
    return check(spec, fitted, mean, q -> mean + fitted.b() * z(q), "the fitted");
  }

  private static LengthFit uniform(LengthDist spec, double mean, int lo, int hi) {
    double low = spec.min().map(Val::value).orElse(Double.NaN);
    double high = spec.max().map(Val::value).orElse(Double.NaN);
    if (Double.isNaN(low) && Double.isNaN(high)) {
      low = 1;
      high = 2 * mean - 1;
    } else if (Double.isNaN(low)) {
      low = Math.max(1, 2 * mean - high);
    } else if (Double.isNaN(high)) {
      high = 2 * mean - low;
    }
    double from = low;
    double to = Math.max(low, high);
    return check(
        spec,
        LengthDistribution.uniform(from, to, lo, hi),
        (from + to) / 2,
        q -> from + q * (to - from),
        "the fitted");
  }

  private static LengthFit lognormal(LengthDist spec, double mean, int lo, int hi) {
    Optional<Val<Double>> p50 = spec.p50();
    Optional<Val<Double>> p99 = spec.p99();
    double[] musigma =
        LognormalFit.fit(
            mean, p50.map(Val::value).orElse(Double.NaN), p99.map(Val::value).orElse(Double.NaN));
    double mu = musigma[0];
    double sigma = musigma[1];
    LengthDistribution fitted = LengthDistribution.lognormal(mu, sigma, lo, hi);
    if (p50.isPresent() && p50.get().value() > mean) {
      return new LengthFit(
          fitted,
          Optional.of(
              new Problem(
                  p50.get().span(),
                  "p50 "
                      + num(p50.get().value())
                      + " is above the mean "
                      + num(mean)
                      + ", which a lognormal distribution cannot have: its median is at most its"
                      + " mean",
                  "check the figures, or use dist: normal")));
    }
    if (p50.isPresent() && p99.isPresent() && p99.get().value() <= p50.get().value()) {
      return new LengthFit(
          fitted,
          Optional.of(
              new Problem(
                  p99.get().span(),
                  "p99 "
                      + num(p99.get().value())
                      + " is not above p50 "
                      + num(p50.get().value())
                      + ", which a lognormal distribution cannot have",
                  "check the figures, or use dist: fixed for a length that does not vary")));
    }
    return check(
        spec,
        fitted,
        Math.exp(mu + sigma * sigma / 2),
        q -> Math.exp(mu + sigma * z(q)),
        "the closest by least squares in log space,");
  }

  /** z of 0.5 and 0.99 exactly, so that exact fits reproduce their statistics to the last bit. */
  private static double z(double q) {
    return q == 0.99 ? StandardNormal.Z99 : StandardNormal.quantile(q);
  }

  /** The unclamped family's q-quantile. */
  private interface Quantile {
    double at(double q);
  }

  private record Stat(String name, Val<Double> stated, double fitted) {
    double factor() {
      if (!(fitted > 0)) {
        return Double.POSITIVE_INFINITY;
      }
      return Math.exp(Math.abs(Math.log(stated.value() / fitted)));
    }
  }

  /** The fit, with a problem when a stated statistic is off by more than {@link #MAX_FACTOR}. */
  private static LengthFit check(
      LengthDist spec,
      LengthDistribution fitted,
      double fittedMean,
      Quantile quantile,
      String lead) {
    List<Stat> stats = new ArrayList<>();
    stats.add(new Stat("mean", spec.mean(), fittedMean));
    spec.p50().ifPresent(v -> stats.add(new Stat("p50", v, quantile.at(0.5))));
    spec.p99().ifPresent(v -> stats.add(new Stat("p99", v, quantile.at(0.99))));
    Stat worst = stats.get(0);
    for (Stat s : stats) {
      if (s.factor() > worst.factor()) {
        worst = s;
      }
    }
    if (worst.factor() <= MAX_FACTOR * (1 + SLACK)) {
      return new LengthFit(fitted, Optional.empty());
    }
    String family = spec.kind().value().id();
    List<String> stated = new ArrayList<>();
    List<String> got = new ArrayList<>();
    for (Stat s : stats) {
      stated.add(s.name() + " " + num(s.stated().value()));
      got.add(s.name() + " " + tokens(s.fitted()));
    }
    String message =
        "no "
            + family
            + " has "
            + join(stated)
            + ": "
            + lead
            + " "
            + unclamped(fitted)
            + (lead.endsWith(",") ? "," : "")
            + " has "
            + join(got)
            + String.format(
                Locale.ROOT,
                ", a factor of %.2f off the stated %s (at most %.2f is fitted)",
                worst.factor(),
                worst.name(),
                MAX_FACTOR);
    return new LengthFit(
        fitted, Optional.of(new Problem(worst.stated().span(), message, help(spec))));
  }

  private static String help(LengthDist spec) {
    switch (spec.kind().value()) {
      case LOGNORMAL:
        return "a lognormal fits any two of mean, p50 and p99 exactly: leave out the one you trust"
            + " least, or check the figures";
      case NORMAL:
        return "a normal's p50 is its mean: leave p50 out, or use dist: lognormal for a skewed"
            + " length";
      case UNIFORM:
        return "a uniform's mean is halfway between its ends: check the figures, or leave min or"
            + " max out so that the mean places it";
      case EXPONENTIAL:
        return "an exponential is fixed by its mean (p50 = 0.69 x mean, p99 = 4.6 x mean): leave"
            + " p50 and p99 out, or use dist: lognormal, which fits a mean and a p99";
      case FIXED:
      default:
        return "a fixed length is its own p50 and p99: leave them out, or use dist: lognormal";
    }
  }

  /** The family without the clamp, as the fit sees it. */
  private static String unclamped(LengthDistribution d) {
    String text = d.describe();
    return text.replaceAll(", (min|max)=\\d+", "");
  }

  private static String join(List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  private static String num(double x) {
    return Quantities.formatNumber(x);
  }

  /** A fitted length: whole tokens from 100 up, three significant digits below. */
  private static String tokens(double x) {
    if (!Double.isFinite(x)) {
      return num(x);
    }
    if (Math.abs(x) >= 100) {
      return num(Math.round(x));
    }
    return num(new BigDecimal(x).round(new MathContext(3)).doubleValue());
  }
}
