package dev.servplan.runtime.sim;

import java.util.Locale;
import java.util.Optional;

/** What the instances of a group do: everything, or one side of a disaggregated deployment. */
public enum GroupRole {
  UNIFIED,
  PREFILL,
  DECODE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<GroupRole> parse(String text) {
    for (GroupRole role : values()) {
      if (role.id().equalsIgnoreCase(text.trim())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
