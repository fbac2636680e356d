package dev.servplan.runtime.emit;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Choices the plan does not make: which checkpoint each deployment loads. {@code modelRepos} maps a
 * deployment name to a Hugging Face repo id or local path that replaces the catalog default, for
 * example a pre-quantized FP8 or INT4 checkpoint. A checkpoint named here is trusted to carry its
 * own quantization config, so no on-the-fly quantization flag is added for it.
 */
public record EmitOptions(Map<String, String> modelRepos) {
  public static final EmitOptions DEFAULT = new EmitOptions(Map.of());

  public EmitOptions {
    Objects.requireNonNull(modelRepos, "modelRepos");
    modelRepos = Collections.unmodifiableMap(new TreeMap<>(modelRepos));
  }
}
