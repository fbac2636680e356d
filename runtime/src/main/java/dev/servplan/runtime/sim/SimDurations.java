package dev.servplan.runtime.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the simulator's duration flags: {@code 500ms}, {@code 30s}, {@code 10min}, {@code 2h}. */
public final class SimDurations {
  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|min|h)");

  private SimDurations() {}

  /** Seconds, or an {@link IllegalArgumentException} that says what is expected. */
  public static double parseSeconds(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: expected a number and a unit, like 500ms, 30s, 10min or 2h");
    }
    double value = Double.parseDouble(m.group(1));
    double seconds;
    switch (m.group(2)) {
      case "ms":
        seconds = value / 1000;
        break;
      case "min":
        seconds = value * 60;
        break;
      case "h":
        seconds = value * 3600;
        break;
      default:
        seconds = value;
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("duration '" + text + "' must be positive");
    }
    return seconds;
  }
}
