package dev.servplan.compiler.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Which spec a plan was compiled from: its name and a hash of its source text. */
public record SpecRef(String name, String hash) {
  public SpecRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hash, "hash");
  }

  /** A reference whose hash is {@code sha256:<hex>} of the UTF-8 spec text. */
  public static SpecRef of(String name, String specText) {
    return new SpecRef(name, sha256(specText));
  }

  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest javadoc).
      throw new IllegalStateException(e);
    }
  }
}
