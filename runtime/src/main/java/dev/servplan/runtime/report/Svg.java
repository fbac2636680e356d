package dev.servplan.runtime.report;

import dev.servplan.hwdb.unit.Quantities;

/** Small helpers for inline SVG: escaping and number formatting that is the same on every run. */
final class Svg {
  private Svg() {}

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** Coordinates at 0.1 px: enough for a chart, and stable text. */
  static String n(double v) {
    return Quantities.formatNumber(Math.round(v * 10) / 10.0);
  }

  static String rect(double x, double y, double w, double h, String cls, String title) {
    return "<rect class=\""
        + cls
        + "\" x=\""
        + n(x)
        + "\" y=\""
        + n(y)
        + "\" width=\""
        + n(Math.max(0, w))
        + "\" height=\""
        + n(h)
        + "\"><title>"
        + esc(title)
        + "</title></rect>";
  }

  static String text(double x, double y, String anchor, String cls, String text) {
    return "<text x=\""
        + n(x)
        + "\" y=\""
        + n(y)
        + "\" text-anchor=\""
        + anchor
        + "\" class=\""
        + cls
        + "\">"
        + esc(text)
        + "</text>";
  }
}
