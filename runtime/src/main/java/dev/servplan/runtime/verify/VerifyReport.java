package dev.servplan.runtime.verify;

import java.util.List;

/** Everything the verifier found, in plan order. */
public record VerifyReport(List<Violation> violations) {
  public VerifyReport {
    violations = List.copyOf(violations);
  }

  public boolean hasErrors() {
    return violations.stream().anyMatch(Violation::isError);
  }

  public List<Violation> errors() {
    return violations.stream().filter(Violation::isError).toList();
  }
}
