package dev.servplan.hwdb.cost.calibration;

import dev.servplan.hwdb.cost.CostParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits {@link CostParameters} to the {@code fit} rows by minimising the mean absolute log error
 * with Nelder–Mead. Efficiencies are searched through a logistic map (so they stay in (0, 1)) and
 * times through a log map (so they stay positive); the start point and the restarts are fixed, so
 * the fit is deterministic.
 */
final class CalibrationFit {
  /** Nelder–Mead reflection, expansion, contraction and shrink coefficients (the standard ones). */
  private static final double ALPHA = 1.0;

  private static final double GAMMA = 2.0;
  private static final double RHO = 0.5;
  private static final double SIGMA = 0.5;
  private static final int ITERATIONS = 1500;
  private static final int RESTARTS = 3;

  private final List<CalibrationRow> rows;

  CalibrationFit(List<CalibrationRow> rows) {
    this.rows = rows.stream().filter(r -> r.set().equals("fit")).toList();
  }

  /**
   * Physically plausible start: 70% of peak FLOPs, 80% of HBM and link bandwidth, 10 µs, 1 ms, 20
   * µs, 50 FLOP.
   */
  static CostParameters start() {
    return new CostParameters(0.7, 0.8, 0.8, 1e-5, 1e-3, 2e-5, 50);
  }

  CostParameters fit() {
    double[] best = encode(start());
    double bestValue = objective(best);
    for (int restart = 0; restart < RESTARTS; restart++) {
      double[] candidate = nelderMead(best, restart == 0 ? 1.0 : 0.3);
      double value = objective(candidate);
      if (value < bestValue) {
        best = candidate;
        bestValue = value;
      }
    }
    return decode(best);
  }

  /** Mean |ln(predicted/measured)| over the fit rows the catalog can predict. */
  double objective(double[] x) {
    CostParameters params;
    try {
      params = decode(x);
    } catch (IllegalArgumentException e) {
      return Double.MAX_VALUE;
    }
    Predictor predictor = new Predictor(params);
    double sum = 0;
    int n = 0;
    for (CalibrationRow row : rows) {
      Prediction p = predictor.predict(row);
      if (p.ok()) {
        sum += p.absLogError();
        n++;
      }
    }
    return n == 0 ? Double.MAX_VALUE : sum / n;
  }

  int usableRows() {
    Predictor predictor = new Predictor(start());
    return (int) rows.stream().filter(r -> predictor.predict(r).ok()).count();
  }

  private double[] nelderMead(double[] origin, double step) {
    int n = origin.length;
    double[][] simplex = new double[n + 1][];
    double[] values = new double[n + 1];
    simplex[0] = origin.clone();
    for (int i = 0; i < n; i++) {
      double[] vertex = origin.clone();
      vertex[i] += step;
      simplex[i + 1] = vertex;
    }
    for (int i = 0; i <= n; i++) {
      values[i] = objective(simplex[i]);
    }
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      Integer[] order = new Integer[n + 1];
      for (int i = 0; i <= n; i++) {
        order[i] = i;
      }
      final double[] v = values;
      Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
      double[][] sorted = new double[n + 1][];
      double[] sortedValues = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        sorted[i] = simplex[order[i]];
        sortedValues[i] = values[order[i]];
      }
      simplex = sorted;
      values = sortedValues;
      if (values[n] - values[0] < 1e-9) {
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          centroid[j] += simplex[i][j] / n;
        }
      }
      double[] reflected = toward(centroid, simplex[n], -ALPHA);
      double reflectedValue = objective(reflected);
      if (reflectedValue < values[0]) {
        double[] expanded = toward(centroid, simplex[n], -GAMMA);
        double expandedValue = objective(expanded);
        if (expandedValue < reflectedValue) {
          simplex[n] = expanded;
          values[n] = expandedValue;
        } else {
          simplex[n] = reflected;
          values[n] = reflectedValue;
        }
      } else if (reflectedValue < values[n - 1]) {
        simplex[n] = reflected;
        values[n] = reflectedValue;
      } else {
        double[] contracted = toward(centroid, simplex[n], RHO);
        double contractedValue = objective(contracted);
        if (contractedValue < values[n]) {
          simplex[n] = contracted;
          values[n] = contractedValue;
        } else {
          for (int i = 1; i <= n; i++) {
            simplex[i] = toward(simplex[0], simplex[i], SIGMA);
            values[i] = objective(simplex[i]);
          }
        }
      }
    }
    int bestIndex = 0;
    for (int i = 1; i <= n; i++) {
      if (values[i] < values[bestIndex]) {
        bestIndex = i;
      }
    }
    return simplex[bestIndex];
  }

  /** {@code from + t·(to − from)}. */
  private static double[] toward(double[] from, double[] to, double t) {
    double[] out = new double[from.length];
    for (int i = 0; i < from.length; i++) {
      out[i] = from[i] + t * (to[i] - from[i]);
    }
    return out;
  }

  static double[] encode(CostParameters p) {
    return new double[] {
      logit(p.gemmEfficiency()),
      logit(p.memoryEfficiency()),
      logit(p.linkEfficiency()),
      Math.log(p.collectiveLatencyS()),
      Math.log(p.iterationOverheadS()),
      Math.log(p.layerOverheadS()),
      Math.log(p.dequantFlopsPerElement()),
    };
  }

  static CostParameters decode(double[] x) {
    return new CostParameters(
        logistic(x[0]),
        logistic(x[1]),
        logistic(x[2]),
        Math.exp(x[3]),
        Math.exp(x[4]),
        Math.exp(x[5]),
        Math.exp(x[6]));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Every row predicted with {@code params}, in file order. */
  static List<Prediction> predictAll(List<CalibrationRow> rows, CostParameters params) {
    Predictor predictor = new Predictor(params);
    List<Prediction> out = new ArrayList<>();
    for (CalibrationRow row : rows) {
      out.add(row.used() ? predictor.predict(row) : Prediction.skipped(row, row.note()));
    }
    return out;
  }
}
