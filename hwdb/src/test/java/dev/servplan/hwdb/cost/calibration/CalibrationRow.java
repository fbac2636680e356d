package dev.servplan.hwdb.cost.calibration;

import java.util.Objects;

/**
 * One row of the project copy of the calibration measurements: the published figure and how this
 * project reads it (the {@code x_} columns).
 *
 * @param batch requests in the static batch, or {@link #MAX_BATCH} for the largest that fits
 * @param set {@code fit}, {@code holdout} or {@code exclude}
 */
record CalibrationRow(
    int id,
    String source,
    String publishedModel,
    String publishedGpu,
    String engine,
    String precision,
    String model,
    String gpu,
    int tp,
    int pp,
    String weights,
    String kv,
    int batch,
    int input,
    int output,
    String metric,
    double measured,
    String set,
    String note) {
  static final int MAX_BATCH = -1;

  CalibrationRow {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(set, "set");
  }

  boolean used() {
    return !set.equals("exclude");
  }
}
