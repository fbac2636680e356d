package dev.servplan.compiler.plan;

import java.util.Locale;
import java.util.Optional;

/** What an instance group runs: both phases, or only prefill or decode (disaggregated serving). */
public enum Role {
  UNIFIED,
  PREFILL,
  DECODE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    for (Role r : values()) {
      if (r.id().equals(text)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
