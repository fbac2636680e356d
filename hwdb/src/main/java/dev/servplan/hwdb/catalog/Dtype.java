package dev.servplan.hwdb.catalog;

import java.util.Locale;
import java.util.Optional;

/** Numeric formats for weights, activations and the KV cache. */
public enum Dtype {
  FP32(4.0),
  BF16(2.0),
  FP16(2.0),
  FP8(1.0),
  INT8(1.0),
  INT4(0.5),
  FP4(0.5),
  INT2(0.25);

  private final double bytesPerElement;

  Dtype(double bytesPerElement) {
    this.bytesPerElement = bytesPerElement;
  }

  /**
   * Storage size of one element in bytes (quantization scales are accounted for by the cost model).
   */
  public double bytesPerElement() {
    return bytesPerElement;
  }

  /** The spelling used in specs and plans: {@code bf16}, {@code fp8}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Dtype> parse(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("float16") || lower.equals("half")) {
      lower = "fp16";
    } else if (lower.equals("bfloat16")) {
      lower = "bf16";
    } else if (lower.equals("float32") || lower.equals("float")) {
      lower = "fp32";
    } else if (lower.equals("fp8_e4m3") || lower.equals("float8_e4m3fn")) {
      lower = "fp8";
    }
    for (Dtype d : values()) {
      if (d.id().equals(lower)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
