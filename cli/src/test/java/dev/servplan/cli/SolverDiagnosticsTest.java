package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.solver.SolverProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specs that are valid but unsatisfiable get a positioned E04xx diagnostic and exit 1. */
class SolverDiagnosticsTest {
  @TempDir Path dir;

  static String spec(String gpu, int count, String model, String rate, String ttft, String tail) {
    return "inventory:\n  pools:\n    - {name: p, gpu: "
        + gpu
        + ", count: "
        + count
        + ", gpus_per_node: "
        + Math.min(count, 8)
        + "}\ndeployments:\n  - name: d\n    model: "
        + model
        + "\n    workload: {rate: "
        + rate
        + ", input_tokens: 1000, output_tokens: 100}\n    slo: {ttft: {p99: "
        + ttft
        + "}, tpot: {p99: 100ms}}\n"
        + tail;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "E0401|l4-24gb|2|llama-3.1-405b|1/s|10s||does not fit in memory",
        "E0402|h100-sxm-80gb|8|llama-3.1-8b|1/s|5ms||the best achievable is",
        "E0403|h100-sxm-80gb|8|llama-3.1-8b|900/s|2s||pool p has 8",
        "E0404|h100-sxm-80gb|8|llama-3.1-8b|10/s|2s|objective: minimize-latency\\noptions: {budget: 1/h}\\n|options.budget is $1/h",
      })
  void unsatisfiableSpecsNameTheBindingConstraint(
      String code,
      String gpu,
      int count,
      String model,
      String rate,
      String ttft,
      String tail,
      String says)
      throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file, spec(gpu, count, model, rate, ttft, tail == null ? "" : tail.replace("\\n", "\n")));
    CliRun text = CliRun.of("compile", file.toString(), "--quiet");
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(text.err())
        .contains("error[" + code + "]")
        .contains(says)
        .contains("spec.yaml:")
        .contains("help:");
    CliRun json = CliRun.of("compile", file.toString(), "--quiet", "--format", "json");
    assertThat(new ObjectMapper().readTree(json.out()).get(0).get("code").asText()).isEqualTo(code);
  }

  @Test
  void exhaustiveSearchTooLargeIsE0407() {
    CliRun run =
        CliRun.of(
            "compile", "../examples/fleet-heterogeneous.yaml", "--search", "exhaustive", "--quiet");
    assertThat(run.exitCode()).isEqualTo(ExitCode.UNSATISFIED);
    assertThat(run.err()).contains("error[E0407]").contains("--search ilp");
  }

  /**
   * Placement and time-limit failures cannot be provoked by a small spec; their mapping is checked
   * here.
   */
  @Test
  void everyProblemKindHasAStableCodeWithAnExplanation() {
    var span = SourceFile.of("s.yaml", "x").wholeSpan();
    for (SolverProblem.Kind kind : SolverProblem.Kind.values()) {
      if (kind == SolverProblem.Kind.NOTE) {
        continue;
      }
      Code code = new SolverProblem(kind, span, "m", "h").diagnostic().code();
      assertThat(code.name()).startsWith("E04");
      assertThat(code.explanation()).contains("## Fix");
    }
    assertThat(new SolverProblem(SolverProblem.Kind.PLACEMENT, span, "m", "h").diagnostic().code())
        .isEqualTo(Code.E0405);
    assertThat(new SolverProblem(SolverProblem.Kind.TIME_LIMIT, span, "m", "h").diagnostic().code())
        .isEqualTo(Code.E0406);
  }
}
