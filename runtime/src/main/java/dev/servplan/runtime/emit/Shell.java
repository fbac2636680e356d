package dev.servplan.runtime.emit;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX shell quoting for generated scripts. */
final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  static String quote(String word) {
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  /** A command, one flag with its value per continuation line, for reading in review diffs. */
  static String command(String prefix, List<String> args) {
    StringBuilder out = new StringBuilder(prefix);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean flag = a.startsWith("--");
      if (flag) {
        out.append(" \\\n  ").append(quote(a));
      } else {
        out.append(' ').append(quote(a));
      }
    }
    return out.append('\n').toString();
  }

  static String join(List<Integer> gpus) {
    StringBuilder out = new StringBuilder();
    for (int g : gpus) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(g);
    }
    return out.toString();
  }
}
