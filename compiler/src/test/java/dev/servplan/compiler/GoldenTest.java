package dev.servplan.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.ir.IrPrinter;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: each folder under {@code src/test/resources/golden/<case>/} holds one {@code
 * spec.yaml} or {@code spec.splan} and its expected outputs: {@code expected.ir} (the canonical IR
 * of a valid spec) and {@code expected.diag} (the rendered diagnostics). The examples in {@code
 * examples/} are checked the same way against {@code golden-examples/<name>.ir}. Lines marked
 * {@code # expect: CODE} must carry a diagnostic with that code, and unmarked lines none. On a
 * mismatch the actual output is written under {@code target/golden-actual/}; run with {@code
 * -Dgolden.update=true} to accept it.
 */
class GoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Path EXAMPLES = Path.of("../examples");
  static final Path EXAMPLE_IR = Path.of("src/test/resources/golden-examples");
  static final Pattern EXPECT =
      Pattern.compile("(?:#|//)\\s*expect:\\s*([EW]\\d{4}(?:\\s*,\\s*[EW]\\d{4})*)");

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
  }

  @TestFactory
  Stream<DynamicTest> examples() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      specs =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".splan"))
              .sorted()
              .toList();
    }
    assertThat(specs).hasSizeGreaterThanOrEqualTo(6);
    return specs.stream()
        .map(
            spec ->
                DynamicTest.dynamicTest(
                    spec.getFileName().toString(),
                    () -> {
                      SpecCompiler.Compilation c = compile(spec);
                      assertThat(c.diagnostics())
                          .filteredOn(Diagnostic::isError)
                          .as(render(c))
                          .isEmpty();
                      String name =
                          spec.getFileName().toString().replaceAll("\\.(yaml|splan)$", "");
                      compareOrUpdate(
                          EXAMPLE_IR.resolve(name + ".ir"),
                          IrPrinter.print(c.valid().orElseThrow().spec()));
                    }));
  }

  static void runCase(Path dir) throws IOException {
    Path spec =
        Files.exists(dir.resolve("spec.splan"))
            ? dir.resolve("spec.splan")
            : dir.resolve("spec.yaml");
    SpecCompiler.Compilation c = compile(spec);
    checkInlineExpectations(c);
    if (c.ok()) {
      compareOrUpdate(dir.resolve("expected.ir"), IrPrinter.print(c.valid().orElseThrow().spec()));
    }
    compareOrUpdate(dir.resolve("expected.diag"), render(c));
  }

  static SpecCompiler.Compilation compile(Path spec) {
    SourceReader.Result read = SourceReader.read(spec);
    if (!read.ok()) {
      return SpecCompiler.unreadable(read.source(), read.diagnostics());
    }
    // Name the source by its file name so rendered paths do not depend on the checkout location.
    SourceFile named = SourceFile.of(spec.getFileName().toString(), read.source().text());
    return SpecCompiler.compile(named, spec.toAbsolutePath().getParent());
  }

  static String render(SpecCompiler.Compilation c) {
    return new TextRenderer(new Sources(List.of(c.source()))).render(c.diagnostics());
  }

  /**
   * Every {@code # expect: CODE} line gets that code; every diagnostic sits on an expecting line.
   */
  static void checkInlineExpectations(SpecCompiler.Compilation c) {
    var lines = c.source().lineMap();
    TreeMap<Integer, List<String>> expected = new TreeMap<>();
    for (int line = 1; line <= lines.lineCount(); line++) {
      Matcher m = EXPECT.matcher(lines.lineText(line));
      if (m.find()) {
        expected.put(line, List.of(m.group(1).split("\\s*,\\s*")));
      }
    }
    if (expected.isEmpty()) {
      return;
    }
    TreeMap<Integer, List<String>> actual = new TreeMap<>();
    for (Diagnostic d : c.diagnostics()) {
      int line = lines.position(d.span().start()).line();
      actual.computeIfAbsent(line, k -> new ArrayList<>()).add(d.code().name());
    }
    for (var e : expected.entrySet()) {
      assertThat(actual.getOrDefault(e.getKey(), List.of()))
          .as("codes on line %d of %s", e.getKey(), c.source().id())
          .containsAll(e.getValue());
    }
    for (var e : actual.entrySet()) {
      assertThat(expected)
          .as("unexpected %s on line %d of %s", e.getValue(), e.getKey(), c.source().id())
          .containsKey(e.getKey());
    }
  }

  static void compareOrUpdate(Path expectedFile, String actual) {
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(expectedFile.getParent());
        Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        return;
      }
      Optional<String> expected =
          Files.exists(expectedFile)
              ? Optional.of(Files.readString(expectedFile, StandardCharsets.UTF_8))
              : Optional.empty();
      if (expected.isEmpty() || !expected.get().equals(actual)) {
        Path out =
            Path.of(
                "target/golden-actual",
                expectedFile.getParent().getFileName().toString(),
                expectedFile.getFileName().toString());
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual, StandardCharsets.UTF_8);
        assertThat(actual)
            .as(
                "golden file %s differs; actual output written to %s; accept with: mvn -q -pl compiler -am test -Dgolden.update=true",
                expectedFile, out)
            .isEqualTo(expected.orElse("<missing golden file>"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
