package dev.servplan.hwdb.cost.calibration;

/** A row's predicted value, or why it could not be predicted. */
record Prediction(CalibrationRow row, double predicted, String skipped) {
  static Prediction of(CalibrationRow row, double predicted) {
    return new Prediction(row, predicted, null);
  }

  static Prediction skipped(CalibrationRow row, String reason) {
    return new Prediction(row, Double.NaN, reason);
  }

  boolean ok() {
    return skipped == null;
  }

  /** |predicted − measured| / measured, in percent. */
  double absPercentError() {
    return Math.abs(predicted - row.measured()) / row.measured() * 100;
  }

  /**
   * |ln(predicted / measured)|: symmetric in over- and under-prediction, what the fit minimises.
   */
  double absLogError() {
    return Math.abs(Math.log(predicted / row.measured()));
  }
}
