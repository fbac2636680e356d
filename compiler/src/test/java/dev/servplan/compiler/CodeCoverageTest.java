package dev.servplan.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.diag.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every diagnostic code is exercised by at least one golden case and has a long explanation. */
class CodeCoverageTest {
  @Test
  void everyCodeAppearsInAGoldenDiagnostic() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(GoldenTest.GOLDEN)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().equals("expected.diag")).sorted().toList()) {
        all.append(Files.readString(f));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Code code : Code.values()) {
      // E04xx come from the solver, which the compiler's golden cases do not run; the cli tests
      // (SolverDiagnosticsTest) produce each of them.
      if (code.name().startsWith("E04")) {
        continue;
      }
      if (!all.toString().contains("[" + code.name() + "]")) {
        missing.add(code.name());
      }
    }
    assertThat(missing).as("codes no golden case produces").isEmpty();
  }

  @Test
  void everyCodeHasAnExplanation() {
    for (Code code : Code.values()) {
      assertThat(code.explanation())
          .as("explanation of %s", code)
          .contains("Fix")
          .hasSizeGreaterThan(100);
    }
  }
}
