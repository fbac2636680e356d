package dev.servplan.runtime.emit;

import java.util.Locale;

/**
 * Kubernetes object names: RFC 1123 labels (lower-case alphanumerics and '-', starting and ending
 * with an alphanumeric, at most 63 characters; Kubernetes "Object Names and IDs"). Also used for
 * file names so that scripts and manifests name an instance the same way.
 */
public final class Names {
  public static final int MAX_LABEL = 63;

  private Names() {}

  public static String dns1123(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    lower = lower.replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
    if (lower.isEmpty()) {
      lower = "x";
    }
    if (lower.length() > MAX_LABEL) {
      // Keep the names distinct after truncation with a short stable hash of the original.
      String hash = Integer.toHexString(name.hashCode() & 0xfffffff);
      lower = lower.substring(0, MAX_LABEL - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
    }
    return lower;
  }

  public static boolean isDns1123Label(String name) {
    return name.length() <= MAX_LABEL && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }
}
