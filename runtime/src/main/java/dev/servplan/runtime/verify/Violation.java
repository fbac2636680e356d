package dev.servplan.runtime.verify;

import dev.servplan.compiler.diag.Severity;
import java.util.Objects;

/**
 * One problem with a plan: its code, where in the plan ({@code deployments[0].groups[1].tp}, or
 * {@code $} for the whole plan), and a message naming the values involved.
 */
public record Violation(PlanCode code, String path, String message) {
  public Violation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public static Violation of(PlanCode code, String path, Object... args) {
    return new Violation(code, path, code.format(args));
  }

  public Severity severity() {
    return code.severity();
  }

  public boolean isError() {
    return code.severity() == Severity.ERROR;
  }
}
