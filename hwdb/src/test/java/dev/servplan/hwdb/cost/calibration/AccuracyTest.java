package dev.servplan.hwdb.cost.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.hwdb.cost.CostParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed fitted constants against the calibration rows, and docs/accuracy.md against
 * them.
 */
class AccuracyTest {
  private final List<CalibrationRow> rows = CalibrationData.load();
  private final List<Prediction> predictions =
      CalibrationFit.predictAll(rows, CostParameters.fitted());

  @Test
  void medianErrorOnFitRowsIsAtMostTwentyPercent() {
    List<Prediction> fit =
        predictions.stream().filter(p -> p.ok() && p.row().set().equals("fit")).toList();
    assertThat(fit).hasSizeGreaterThanOrEqualTo(10);
    assertThat(AccuracyReport.median(fit))
        .as("median abs %% error on %d fit rows", fit.size())
        .isLessThanOrEqualTo(20.0);
  }

  @Test
  void everyUsedRowIsPredictedOrSaysWhyNot() {
    for (Prediction p : predictions) {
      if (p.ok()) {
        assertThat(p.predicted()).as("row %d", p.row().id()).isPositive().isFinite();
      } else {
        assertThat(p.skipped()).as("row %d", p.row().id()).isNotBlank();
      }
    }
  }

  @Test
  void accuracyDocIsUpToDate() throws IOException {
    String expected = AccuracyReport.render(CostParameters.fitted(), predictions);
    Path doc = CalibrationFitTest.Paths.accuracyDoc();
    assertThat(doc).exists();
    String actual = Files.readString(doc, StandardCharsets.UTF_8);
    assertThat(actual)
        .as("docs/accuracy.md is stale; regenerate with: " + AccuracyReport.REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void csvParserHandlesQuotesAndCommas() {
    List<List<String>> records = CalibrationData.csv("a,\"b,c\",\"d \"\"e\"\"\"\n1,2,3\n");
    assertThat(records).containsExactly(List.of("a", "b,c", "d \"e\""), List.of("1", "2", "3"));
  }
}
