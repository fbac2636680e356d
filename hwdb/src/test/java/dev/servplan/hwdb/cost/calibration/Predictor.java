package dev.servplan.hwdb.cost.calibration;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostParameters;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.cost.StaticBatchEstimate;
import dev.servplan.hwdb.cost.StaticBatchEstimator;
import dev.servplan.hwdb.cost.TestModels;
import dev.servplan.hwdb.unit.Duration;
import java.util.List;
import java.util.Optional;

/** Turns a calibration row into the model's prediction of the same metric. */
final class Predictor {
  private final AnalyticalCostModel model;
  private final StaticBatchEstimator estimator;

  Predictor(CostParameters params) {
    model = new AnalyticalCostModel(params);
    estimator = new StaticBatchEstimator(model);
  }

  /** A model by id or alias from the bundled catalog. */
  static Optional<ModelArch> model(String idOrAlias) {
    return TestModels.find(idOrAlias);
  }

  /** The instance a row describes, or empty when the catalog lacks its model or GPU. */
  static Optional<InstanceConfig> config(CalibrationRow row) {
    Optional<ModelArch> model = model(row.model());
    Optional<GpuSpec> gpu = Catalogs.gpus().find(row.gpu());
    if (model.isEmpty() || gpu.isEmpty()) {
      return Optional.empty();
    }
    LinkSpec link = Catalogs.links().find(gpu.get().intraNodeLink()).orElseThrow();
    Dtype weights = Dtype.parse(row.weights()).orElseThrow();
    Dtype kv = Dtype.parse(row.kv()).orElseThrow();
    return Optional.of(
        new InstanceConfig(model.get(), gpu.get(), row.tp(), row.pp(), 1, weights, kv, link, link));
  }

  Prediction predict(CalibrationRow row) {
    Optional<InstanceConfig> found = config(row);
    if (found.isEmpty()) {
      String missing =
          model(row.model()).isEmpty() ? "model '" + row.model() + "'" : "gpu '" + row.gpu() + "'";
      return Prediction.skipped(row, missing + " is not in the catalog yet");
    }
    InstanceConfig config = found.get();
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      return Prediction.skipped(row, "configuration rejected: " + String.join("; ", problems));
    }
    String metric = row.metric();
    if (metric.startsWith("op_ms:")) {
      String op = metric.substring("op_ms:".length());
      Duration time;
      if (op.equals("allreduce")) {
        time = model.iteration(config, BatchShape.prefill(1, row.batch())).communication();
      } else {
        time = model.matmulTimes(config, row.batch()).get(op);
        if (time == null) {
          return Prediction.skipped(row, "no operation '" + op + "' in the model");
        }
      }
      return Prediction.of(row, time.millis());
    }
    MemoryOptions options = MemoryOptions.DEFAULT;
    int batch = row.batch();
    if (batch == CalibrationRow.MAX_BATCH) {
      batch = estimator.maxBatch(config, row.input(), row.output(), options);
      if (batch < 1) {
        return Prediction.skipped(row, "the model predicts no request fits in memory");
      }
    } else {
      // Static-batch benchmarks of that era prefill the whole batch in one pass.
      options =
          options.withMaxTokensPerIteration(
              Math.max(options.maxTokensPerIteration(), batch * row.input()));
    }
    StaticBatchEstimate estimate =
        estimator.estimate(config, batch, row.input(), row.output(), options);
    int gpus = config.gpus();
    switch (metric) {
      case "output_tps":
        return Prediction.of(row, estimate.outputThroughput().perSecond());
      case "output_tps_per_gpu":
        return Prediction.of(row, estimate.outputThroughput().perSecond() / gpus);
      case "total_tps_per_gpu":
        return Prediction.of(row, estimate.totalThroughput().perSecond() / gpus);
      case "ttft_ms":
        return Prediction.of(row, estimate.ttft().millis());
      case "decode_tps_user":
        return Prediction.of(row, 1.0 / estimate.meanTpot().seconds());
      default:
        return Prediction.skipped(row, "unknown metric '" + metric + "'");
    }
  }
}
