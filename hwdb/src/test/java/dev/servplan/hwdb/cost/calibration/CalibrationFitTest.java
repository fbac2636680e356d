package dev.servplan.hwdb.cost.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.hwdb.cost.CostParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The calibration tool: refits {@link CostParameters} to the {@code fit} rows, writes them to
 * {@code fitted.properties} and regenerates docs/accuracy.md. Runs only with {@code
 * -Dcalibrate=true} (command in {@link AccuracyReport#REGENERATE}).
 */
@EnabledIfSystemProperty(named = "calibrate", matches = "true")
class CalibrationFitTest {
  @Test
  void fitAndWrite() throws IOException {
    List<CalibrationRow> rows = CalibrationData.load();
    CalibrationFit fit = new CalibrationFit(rows);
    assertThat(fit.usableRows()).as("fit rows the catalog can predict").isGreaterThanOrEqualTo(10);
    // Round to what the properties file keeps, so the report describes the committed constants.
    CostParameters fitted = rounded(fit.fit());
    Files.writeString(Paths.fittedProperties(), properties(fitted), StandardCharsets.UTF_8);
    Files.writeString(
        Paths.accuracyDoc(),
        AccuracyReport.render(fitted, CalibrationFit.predictAll(rows, fitted)),
        StandardCharsets.UTF_8);
  }

  static CostParameters rounded(CostParameters params) {
    Map<String, Double> values = new java.util.LinkedHashMap<>();
    params.asMap().forEach((k, v) -> values.put(k, Double.parseDouble(AccuracyReport.number(v))));
    return CostParameters.fromMap(values);
  }

  static String properties(CostParameters params) {
    StringBuilder out = new StringBuilder();
    out.append(
        "# Fitted constants of AnalyticalCostModel (see CostParameters for units and meaning).\n");
    out.append(
        "# Written by CalibrationFitTest from calibration/measurements.csv; do not edit by hand.\n");
    out.append("# Regenerate: ").append(AccuracyReport.REGENERATE).append('\n');
    for (Map.Entry<String, Double> e : params.asMap().entrySet()) {
      out.append(e.getKey()).append('=').append(AccuracyReport.number(e.getValue())).append('\n');
    }
    return out.toString();
  }

  /** Files the tool writes, relative to the hwdb module (Surefire's working directory). */
  static final class Paths {
    private Paths() {}

    static Path module() {
      String basedir = System.getProperty("basedir");
      return Path.of(basedir != null ? basedir : System.getProperty("user.dir"));
    }

    static Path fittedProperties() {
      return module().resolve("src/main/resources/dev/servplan/hwdb/cost/fitted.properties");
    }

    static Path accuracyDoc() {
      return module().resolve("../docs/accuracy.md").normalize();
    }
  }
}
