package dev.servplan.compiler.diag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A family of stable diagnostic codes, each with a severity, a short title and a message template:
 * the spec's {@link Code}s (E, W) and the plan verifier's P-codes share this one mechanism, so
 * messages are formatted, looked up and explained ({@code servplan explain}) the same way. The long
 * explanation of a code is the Markdown resource {@code explain/<CODE>.md} next to its family's
 * class; a family without one for a code gives {@link #fallbackExplanation}.
 */
public interface DiagnosticCode {
  /** The code, e.g. {@code E0201} or {@code P0101} (an enum constant's name). */
  String name();

  Severity severity();

  String title();

  /** The message template, {@link String#format} style. */
  String template();

  default String format(Object... args) {
    return String.format(Locale.ROOT, template(), args);
  }

  /** The long description for {@code servplan explain}, in Markdown. */
  default String explanation() {
    String resource = "explain/" + name() + ".md";
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      if (in != null) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      // fall through to the family's default
    }
    return fallbackExplanation();
  }

  /** What {@link #explanation} says for a code that has no page of its own. */
  default String fallbackExplanation() {
    return title() + ".";
  }

  /** The code named {@code text} (case-insensitive) among the given families, if any. */
  @SafeVarargs
  static Optional<DiagnosticCode> parse(String text, DiagnosticCode[]... families) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (DiagnosticCode[] family : families) {
      for (DiagnosticCode code : family) {
        if (code.name().equals(upper)) {
          return Optional.of(code);
        }
      }
    }
    return Optional.empty();
  }
}
