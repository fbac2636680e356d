package dev.servplan.compiler.diag;

import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** One finding about a spec or plan, with its stable code, location, message, help and fixes. */
public record Diagnostic(
    Code code,
    Severity severity,
    Span span,
    String message,
    List<Related> related,
    String help,
    List<Fix> fixes) {

  /** Source order, then code: the order every renderer uses so outputs are stable. */
  public static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.span().file())
          .thenComparingInt(d -> d.span().start())
          .thenComparingInt(d -> d.span().end())
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    related = List.copyOf(related);
    fixes = List.copyOf(fixes);
  }

  public static Diagnostic of(Code code, Span span, Object... args) {
    return new Diagnostic(
        code, code.severity(), span, code.format(args), List.of(), null, List.of());
  }

  public Diagnostic withHelp(String newHelp) {
    return new Diagnostic(code, severity, span, message, related, newHelp, fixes);
  }

  public Diagnostic withRelated(Related more) {
    List<Related> all = new ArrayList<>(related);
    all.add(more);
    return new Diagnostic(code, severity, span, message, all, help, fixes);
  }

  public Diagnostic withFix(Fix fix) {
    List<Fix> all = new ArrayList<>(fixes);
    all.add(fix);
    return new Diagnostic(code, severity, span, message, related, help, all);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
