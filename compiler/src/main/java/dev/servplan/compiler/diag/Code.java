package dev.servplan.compiler.diag;

/**
 * Every diagnostic servplan can emit: a stable identifier, its default severity, a short title, and
 * the message template ({@link DiagnosticCode}, shared with the plan verifier's P-codes). Never
 * renumber or reuse a code; add new ones at the end of their range. The long explanation of each
 * code (for {@code servplan explain}) lives in {@code
 * resources/dev/servplan/compiler/diag/explain/<CODE>.md}.
 */
public enum Code implements DiagnosticCode {
  // E00xx: reading the input (both front ends).
  E0001(Severity.ERROR, "unreadable input", "%s"),
  E0002(Severity.ERROR, "YAML syntax error", "%s"),
  E0003(Severity.ERROR, "DSL syntax error", "%s"),
  E0004(Severity.ERROR, "input too large or too deep", "%s"),
  E0005(Severity.ERROR, "duplicate key", "duplicate key '%s'"),
  E0006(Severity.ERROR, "YAML feature not allowed", "%s"),
  E0007(Severity.ERROR, "empty spec", "the spec is empty"),
  E0008(Severity.ERROR, "referenced file unreadable", "%s"),

  // E01xx: structure and values.
  E0101(Severity.ERROR, "unknown key", "unknown key '%s' in %s"),
  E0102(Severity.ERROR, "missing required key", "missing required key '%s' in %s"),
  E0103(Severity.ERROR, "wrong kind of value", "expected %s for '%s', found %s"),
  E0104(Severity.ERROR, "invalid number", "'%s' is not a valid number for '%s'"),
  E0105(Severity.ERROR, "missing unit", "'%s' needs a unit: %s"),
  E0106(Severity.ERROR, "unknown or wrong unit", "unit '%s' is not valid for '%s': expected %s"),
  E0107(Severity.ERROR, "invalid choice", "'%s' is not a valid %s: expected one of %s"),
  E0108(
      Severity.ERROR,
      "unsupported apiVersion",
      "unsupported apiVersion '%s': expected 'servplan/v1'"),

  // E02xx: names and references.
  E0201(Severity.ERROR, "unknown GPU", "unknown GPU '%s'"),
  E0202(Severity.ERROR, "unknown model", "unknown model '%s'"),
  E0203(Severity.ERROR, "unknown pool", "unknown pool '%s'"),
  E0204(Severity.ERROR, "duplicate name", "duplicate %s name '%s'"),
  E0205(Severity.ERROR, "unknown or misplaced link", "%s"),
  E0206(Severity.ERROR, "unsupported precision", "%s"),
  E0207(Severity.ERROR, "invalid model definition", "%s"),
  E0208(Severity.ERROR, "invalid name", "'%s' is not a valid name: %s"),

  // E03xx: ranges and consistency.
  E0301(Severity.ERROR, "value out of range", "'%s' = %s is out of range: %s"),
  E0302(Severity.ERROR, "percentiles out of order", "%s"),
  E0303(Severity.ERROR, "attainment above 100%", "attainment %s is above 100%%"),
  E0304(Severity.ERROR, "inconsistent distribution", "%s"),
  E0305(Severity.ERROR, "incompatible options", "%s"),
  E0306(Severity.ERROR, "no SLO", "deployment '%s' states no SLO target"),
  // E0307 is retired (never used in a release).
  E0308(Severity.ERROR, "no distribution fits the length statistics", "%s"),

  // E04xx: the spec is valid but no plan satisfies it (reported by the solver, exit code 1).
  E0401(Severity.ERROR, "model does not fit", "%s"),
  E0402(Severity.ERROR, "latency target unreachable", "%s"),
  E0403(Severity.ERROR, "inventory too small", "%s"),
  E0404(Severity.ERROR, "over budget", "%s"),
  E0405(Severity.ERROR, "instances cannot be placed", "%s"),
  E0406(Severity.ERROR, "no plan within the time limit", "%s"),
  E0407(Severity.ERROR, "search space too large", "%s"),
  E0408(Severity.ERROR, "no plan holds in simulation", "%s"),
  E0409(Severity.ERROR, "the solver's plan fails the plan verifier", "%s"),

  // Wxxxx: warnings.
  W0001(Severity.WARNING, "unused pool", "pool '%s' is not usable by any deployment"),
  W0002(Severity.WARNING, "context exceeds model", "%s"),
  W0004(Severity.WARNING, "option has no effect", "%s");

  private final Severity severity;
  private final String title;
  private final String template;

  Code(Severity severity, String title, String template) {
    this.severity = severity;
    this.title = title;
    this.template = template;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public String template() {
    return template;
  }

  /** Case-insensitive lookup; null when there is no such code. */
  public static Code parse(String text) {
    return (Code) DiagnosticCode.parse(text, values()).orElse(null);
  }
}
