package dev.servplan.runtime.emit;

import java.util.List;
import java.util.Set;
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
    return command(prefix, args, Set.of());
  }

  /**
   * The same, with the words in {@code expanded} in double quotes so that the shell expands the
   * variables they name ({@code $here/…}, {@code ${HEAD_ADDR}:…}); every other word is quoted
   * literally.
   */
  static String command(String prefix, List<String> args, Set<String> expanded) {
    StringBuilder out = new StringBuilder(prefix);
    for (String a : args) {
      String word = expanded.contains(a) ? "\"" + a + "\"" : quote(a);
      out.append(a.startsWith("--") ? " \\\n  " : " ").append(word);
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
