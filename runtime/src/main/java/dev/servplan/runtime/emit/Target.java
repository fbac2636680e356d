package dev.servplan.runtime.emit;

import java.util.Locale;
import java.util.Optional;

/** The serving engines and orchestrators a plan can be emitted for. */
public enum Target {
  VLLM,
  SGLANG,
  TRTLLM,
  K8S;

  /** The spelling on the command line and in output folder names. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Target> parse(String text) {
    for (Target t : values()) {
      if (t.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
