package dev.servplan.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Golden-file comparison: expected files live under src/test/resources/golden; on a mismatch the
 * actual output is written under target/golden-actual, and {@code -Dgolden.update=true} rewrites
 * the expected files.
 */
public final class Golden {
  static final Path ROOT = Path.of("src/test/resources/golden");
  static final Path ACTUAL = Path.of("target/golden-actual");

  private Golden() {}

  /**
   * Compares a whole folder of outputs (relative path to text) with the golden folder {@code dir}.
   */
  public static void assertFolder(String dir, Map<String, String> actual) {
    Path expectedDir = ROOT.resolve(dir);
    if (Boolean.getBoolean("golden.update")) {
      deleteTree(expectedDir);
      write(expectedDir, actual);
      return;
    }
    Map<String, String> expected = read(expectedDir);
    if (!expected.equals(new TreeMap<>(actual))) {
      write(ACTUAL.resolve(dir), actual);
      assertThat(new TreeMap<>(actual))
          .as(
              "golden %s differs; actual written to %s; accept with -Dgolden.update=true",
              expectedDir, ACTUAL.resolve(dir))
          .isEqualTo(expected);
    }
  }

  public static void assertFile(String path, String actual) {
    assertFile(ROOT, path, actual);
  }

  /**
   * Compares {@code actual} with the file {@code path} under the golden folder {@code root} (for
   * example {@code src/test/resources/golden-plans}); a mismatch is written under {@code
   * target/golden-actual/<root's name>/} unless {@code root} is the default folder.
   */
  public static void assertFile(Path root, String path, String actual) {
    Path expected = root.resolve(path);
    if (Boolean.getBoolean("golden.update")) {
      write(expected.getParent(), Map.of(expected.getFileName().toString(), actual));
      return;
    }
    String text;
    try {
      text = Files.readString(expected, StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "<missing " + expected + ">";
    }
    if (!text.equals(actual)) {
      Path out = (root.equals(ROOT) ? ACTUAL : ACTUAL.resolve(root.getFileName())).resolve(path);
      write(out.getParent(), Map.of(expected.getFileName().toString(), actual));
      assertThat(actual)
          .as(
              "golden %s differs; actual written to %s; accept with -Dgolden.update=true",
              expected, out)
          .isEqualTo(text);
    }
  }

  static Map<String, String> read(Path dir) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static void write(Path dir, Map<String, String> files) {
    try {
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
