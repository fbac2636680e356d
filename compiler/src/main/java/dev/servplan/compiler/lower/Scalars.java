package dev.servplan.compiler.lower;

import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.SpellChecker;
import dev.servplan.compiler.ir.Val;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.hwdb.unit.Rate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns scalar text into typed values. Every unit the spec language knows is parsed here, so both
 * syntaxes share one set of unit diagnostics. Each method reports and returns empty on bad input.
 */
public final class Scalars {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d[\\d_]*)(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern QUANTITY =
      Pattern.compile(
          "\\$?\\s*([+-]?\\d[\\d_]*(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*([A-Za-z/%$][A-Za-z/%]*)?");

  private final DiagnosticSink sink;

  public Scalars(DiagnosticSink sink) {
    this.sink = sink;
  }

  /** A scalar, or a report that another kind of value was found. */
  public Optional<ScalarNode> scalar(Node node, String field, String expected) {
    if (node instanceof ScalarNode s && s.style() != ScalarNode.Style.NULL) {
      return Optional.of(s);
    }
    sink.report(Diagnostic.of(Code.E0103, node.span(), expected, field, node.describe()));
    return Optional.empty();
  }

  public Optional<Val<String>> word(Node node, String field) {
    return scalar(node, field, "a name").map(s -> new Val<>(s.text().trim(), s.span()));
  }

  /** A name of a spec element: pool, deployment, model or spec. */
  public Optional<Val<String>> name(Node node, String what) {
    Optional<Val<String>> name = word(node, what + " name");
    if (name.isPresent() && !Lowerer.NAME.matcher(name.get().value()).matches()) {
      sink.report(
          Diagnostic.of(Code.E0208, name.get().span(), name.get().value(), Lowerer.nameRule()));
      return Optional.empty();
    }
    return name;
  }

  /** A plain number without a unit. */
  public Optional<Val<Double>> number(Node node, String field) {
    Optional<ScalarNode> s = scalar(node, field, "a number");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String text = s.get().text().trim();
    if (s.get().style() == ScalarNode.Style.PLAIN && NUMBER.matcher(text).matches()) {
      double value = Double.parseDouble(text.replace("_", ""));
      if (Double.isFinite(value)) {
        return Optional.of(new Val<>(value, s.get().span()));
      }
    }
    Matcher q = QUANTITY.matcher(text);
    if (q.matches() && q.group(2) != null) {
      sink.report(
          Diagnostic.of(
                  Code.E0106, s.get().span(), q.group(2), field, "a plain number without a unit")
              .withFix(Fix.replace("remove the unit", s.get().span(), q.group(1))));
    } else {
      sink.report(Diagnostic.of(Code.E0104, s.get().span(), text, field));
    }
    return Optional.empty();
  }

  /** A whole number within [min, max]. */
  public Optional<Val<Integer>> integer(Node node, String field, long min, long max) {
    return wholeNumber(node, field, min, max).map(v -> new Val<>((int) (long) v.value(), v.span()));
  }

  public Optional<Val<Long>> wholeNumber(Node node, String field, long min, long max) {
    Optional<Val<Double>> n = number(node, field);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    double value = n.get().value();
    if (value != Math.rint(value)) {
      sink.report(
          Diagnostic.of(Code.E0104, n.get().span(), Scalars.text(node), field)
              .withHelp("'" + field + "' is a whole number"));
      return Optional.empty();
    }
    if (value < min || value > max) {
      sink.report(
          Diagnostic.of(
              Code.E0301,
              n.get().span(),
              field,
              Scalars.text(node),
              "expected " + min + " to " + max));
      return Optional.empty();
    }
    return Optional.of(new Val<>((long) value, n.get().span()));
  }

  /** A duration: {@code 800ms}, {@code 0.8s}, {@code 2min}, {@code 1h}. */
  public Optional<Val<Duration>> duration(Node node, String field, String suggestedUnit) {
    return quantity(
            node,
            field,
            "a duration like 800ms or 2s",
            suggestedUnit,
            unit ->
                switch (unit) {
                  case "us" -> 1e-6;
                  case "ms" -> 1e-3;
                  case "s", "sec" -> 1.0;
                  case "min" -> 60.0;
                  case "h" -> 3600.0;
                  default -> null;
                },
            "ms, s, min or h")
        .map(v -> new Val<>(Duration.ofSeconds(v.value()), v.span()));
  }

  /** A rate: {@code 40/s}, {@code 1200/min}, {@code 10000/h}. */
  public Optional<Val<Rate>> rate(Node node, String field) {
    return quantity(
            node,
            field,
            "a rate like 40/s",
            "/s",
            unit ->
                switch (unit) {
                  case "/s", "rps" -> 1.0;
                  case "/min", "rpm" -> 1.0 / 60.0;
                  case "/h" -> 1.0 / 3600.0;
                  default -> null;
                },
            "/s, /min or /h")
        .map(v -> new Val<>(Rate.perSecond(v.value()), v.span()));
  }

  /** A price per hour: {@code 2.49/h} or {@code $2.49/h}. */
  public Optional<Val<HourlyPrice>> hourlyPrice(Node node, String field) {
    return quantity(
            node,
            field,
            "a price per hour like 2.49/h",
            "/h",
            unit ->
                switch (unit) {
                  case "/h", "/hr" -> 1.0;
                  case "/min" -> 60.0;
                  case "/day" -> 1.0 / 24.0;
                  default -> null;
                },
            "/h")
        .map(v -> new Val<>(new HourlyPrice(v.value()), v.span()));
  }

  /** A share: {@code 99%} or {@code 99.9%}. */
  public Optional<Val<Fraction>> percent(Node node, String field) {
    return quantity(
            node, field, "a percentage like 99%", "%", unit -> unit.equals("%") ? 0.01 : null, "%")
        .map(v -> new Val<>(new Fraction(v.value()), v.span()));
  }

  /** One of a fixed set of words, with "did you mean". */
  public <E> Optional<Val<E>> choice(
      Node node, String what, List<String> ids, Function<String, E> byId) {
    Optional<ScalarNode> s = scalar(node, what, "one of " + String.join(", ", ids));
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String text = s.get().text().trim().toLowerCase(Locale.ROOT);
    if (ids.contains(text)) {
      return Optional.of(new Val<>(byId.apply(text), s.get().span()));
    }
    Diagnostic d =
        Diagnostic.of(Code.E0107, s.get().span(), s.get().text(), what, String.join(", ", ids));
    String suggestion = SpellChecker.closest(text, ids);
    if (suggestion != null) {
      d =
          d.withHelp("did you mean '" + suggestion + "'?")
              .withFix(
                  Fix.replace("replace with '" + suggestion + "'", s.get().span(), suggestion));
    }
    sink.report(d);
    return Optional.empty();
  }

  private Optional<Val<Double>> quantity(
      Node node,
      String field,
      String expected,
      String suggestedUnit,
      Function<String, Double> unitFactor,
      String validUnits) {
    Optional<ScalarNode> s = scalar(node, field, expected);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String text = s.get().text().trim();
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      sink.report(
          Diagnostic.of(Code.E0104, s.get().span(), text, field).withHelp("write " + expected));
      return Optional.empty();
    }
    String number = m.group(1).replace("_", "");
    String unit = m.group(2);
    if (unit == null) {
      double bare = Double.parseDouble(number);
      // A bare 0.99 where a percentage is due means 99%, not 0.99%.
      String fixed =
          suggestedUnit.equals("%") && bare > 0 && bare <= 1
              ? Quantities.formatNumber(bare * 100) + "%"
              : number + suggestedUnit;
      sink.report(
          Diagnostic.of(Code.E0105, s.get().span(), text, "expected " + expected)
              .withHelp("write '" + fixed + "'")
              .withFix(Fix.replace("add the unit '" + suggestedUnit + "'", s.get().span(), fixed)));
      return Optional.empty();
    }
    Double factor = unitFactor.apply(unit.toLowerCase(Locale.ROOT));
    if (factor == null) {
      sink.report(Diagnostic.of(Code.E0106, s.get().span(), unit, field, validUnits));
      return Optional.empty();
    }
    double value = Double.parseDouble(number);
    if (!Double.isFinite(value)) {
      sink.report(Diagnostic.of(Code.E0104, s.get().span(), text, field));
      return Optional.empty();
    }
    return Optional.of(new Val<>(value * factor, s.get().span()));
  }

  public static String text(Node node) {
    return node instanceof ScalarNode s ? s.text() : node.describe();
  }
}
