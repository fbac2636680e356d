package dev.servplan.runtime.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams a request trace line by line. Arrival times are made relative to the first request; they
 * must not decrease. Rows with zero response tokens (BurstGPT's failed requests) or zero request
 * tokens are skipped and counted in {@link #skipped()}. A malformed line raises a {@link
 * TraceFormatException} naming the file and line.
 */
public final class TraceReader implements RequestSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedReader reader;
  private final String name;
  private final TraceFormat format;
  private long lineNumber;
  private int timestampColumn = -1;
  private int inputColumn = -1;
  private int outputColumn = -1;
  private int columns;
  private double origin = Double.NaN;
  private double lastTimestamp = Double.NEGATIVE_INFINITY;
  private long skipped;
  private double time;
  private int input;
  private int output;

  public TraceReader(Reader reader, String name, TraceFormat format) {
    this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    this.name = name;
    this.format = format;
    if (format == TraceFormat.BURSTGPT_CSV) {
      readHeader();
    }
  }

  /** Opens a trace file in the format its extension names. */
  public static TraceReader open(Path path) {
    try {
      return new TraceReader(
          Files.newBufferedReader(path, StandardCharsets.UTF_8),
          path.toString(),
          TraceFormat.forPath(path));
    } catch (IOException e) {
      throw new TraceFormatException(
          path.toString(), 0, "cannot read the trace: " + e.getMessage());
    }
  }

  /** Rows left out because they had no request or no response tokens. */
  public long skipped() {
    return skipped;
  }

  @Override
  public boolean advance() {
    while (true) {
      String line = nextLine();
      if (line == null) {
        return false;
      }
      if (line.isBlank()) {
        continue;
      }
      double timestamp;
      long in;
      long out;
      if (format == TraceFormat.JSONL) {
        JsonNode node = parseJson(line);
        timestamp = number(node, "t");
        in = tokens(node, "input");
        out = tokens(node, "output");
      } else {
        List<String> fields = splitCsv(line);
        if (fields.size() != columns) {
          throw error(
              "expected "
                  + columns
                  + " comma-separated fields as in the header, found "
                  + fields.size());
        }
        timestamp = parseNumber(fields.get(timestampColumn), "Timestamp");
        in = parseTokens(fields.get(inputColumn), "Request tokens");
        out = parseTokens(fields.get(outputColumn), "Response tokens");
      }
      if (timestamp < lastTimestamp) {
        throw error(
            "timestamp "
                + timestamp
                + " is earlier than the previous one ("
                + lastTimestamp
                + "); a trace must be sorted by time");
      }
      lastTimestamp = timestamp;
      if (Double.isNaN(origin)) {
        origin = timestamp;
      }
      if (in == 0 || out == 0) {
        skipped++;
        continue;
      }
      time = timestamp - origin;
      input = (int) in;
      output = (int) out;
      return true;
    }
  }

  @Override
  public double time() {
    return time;
  }

  @Override
  public int input() {
    return input;
  }

  @Override
  public int output() {
    return output;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readHeader() {
    String header = nextLine();
    while (header != null && header.isBlank()) {
      header = nextLine();
    }
    if (header == null) {
      throw new TraceFormatException(
          name, lineNumber, "empty trace: expected a BurstGPT header line");
    }
    List<String> names = splitCsv(header);
    columns = names.size();
    for (int i = 0; i < names.size(); i++) {
      String column = names.get(i).trim().toLowerCase(Locale.ROOT);
      switch (column) {
        case "timestamp" -> timestampColumn = i;
        case "request tokens" -> inputColumn = i;
        case "response tokens" -> outputColumn = i;
        default -> {}
      }
    }
    List<String> missing = new ArrayList<>();
    if (timestampColumn < 0) {
      missing.add("'Timestamp'");
    }
    if (inputColumn < 0) {
      missing.add("'Request tokens'");
    }
    if (outputColumn < 0) {
      missing.add("'Response tokens'");
    }
    if (!missing.isEmpty()) {
      throw error(
          "the header lacks "
              + String.join(", ", missing)
              + "; expected BurstGPT's 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'");
    }
  }

  private String nextLine() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (IOException e) {
      throw new TraceFormatException(
          name, lineNumber + 1, "cannot read the trace: " + e.getMessage());
    }
  }

  private JsonNode parseJson(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw error("expected a JSON object like {\"t\": 0.5, \"input\": 512, \"output\": 128}");
    }
    return node;
  }

  private double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw error("missing \"" + field + "\"");
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
      throw error("\"" + field + "\" is " + value + ", expected a non-negative number of seconds");
    }
    return value.asDouble();
  }

  private long tokens(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw error("missing \"" + field + "\"");
    }
    if (!value.canConvertToLong()
        || !value.isIntegralNumber()
        || value.asLong() < 0
        || value.asLong() > Integer.MAX_VALUE) {
      throw error("\"" + field + "\" is " + value + ", expected a whole number of tokens >= 0");
    }
    return value.asLong();
  }

  private double parseNumber(String text, String column) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isFinite(value) && value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line number
    }
    throw error(
        "'" + column + "' is '" + text.trim() + "', expected a non-negative number of seconds");
  }

  private long parseTokens(String text, String column) {
    String trimmed = text.trim();
    try {
      // BurstGPT writes some counts as floats ("512.0"); accept them when whole.
      double value = Double.parseDouble(trimmed);
      if (value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value)) {
        return (long) value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line number
    }
    throw error("'" + column + "' is '" + trimmed + "', expected a whole number of tokens >= 0");
  }

  private TraceFormatException error(String problem) {
    return new TraceFormatException(name, lineNumber, problem);
  }

  /**
   * Splits one CSV record (RFC 4180 quoting within the line; BurstGPT has no multi-line fields).
   */
  static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
