package dev.servplan.hwdb.cost.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code calibration/measurements.csv} from the test class path (the project's own copy). */
final class CalibrationData {
  static final String RESOURCE = "/dev/servplan/hwdb/cost/calibration/measurements.csv";

  private CalibrationData() {}

  static List<CalibrationRow> load() {
    try (InputStream in = CalibrationData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<CalibrationRow> parse(String text) {
    List<List<String>> records = csv(text);
    List<String> header = records.get(0);
    List<CalibrationRow> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      Map<String, String> f = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        f.put(header.get(i), i < record.size() ? record.get(i) : "");
      }
      boolean used = !f.get("x_set").equals("exclude");
      rows.add(
          new CalibrationRow(
              Integer.parseInt(f.get("x_row")),
              f.get("source"),
              f.get("model"),
              f.get("gpu"),
              f.get("engine"),
              f.get("precision"),
              f.get("x_model"),
              f.get("x_gpu"),
              used ? Integer.parseInt(f.get("tp")) : 0,
              used ? Integer.parseInt(f.get("pp")) : 0,
              f.get("x_weights"),
              f.get("x_kv"),
              !used
                  ? 0
                  : f.get("x_batch").equals("max")
                      ? CalibrationRow.MAX_BATCH
                      : Integer.parseInt(f.get("x_batch")),
              used ? Integer.parseInt(f.get("x_input")) : 0,
              used ? Integer.parseInt(f.get("x_output")) : 0,
              f.get("x_metric").isEmpty() ? f.get("metric") : f.get("x_metric"),
              Double.parseDouble(f.get("value")),
              f.get("x_set"),
              f.get("x_note")));
    }
    return rows;
  }

  /** RFC 4180 records: commas, double-quoted fields with doubled quotes, LF line ends. */
  static List<List<String>> csv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
