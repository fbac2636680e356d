package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec commands end to end: exit codes, output formats, and bad input of every kind. */
class SpecCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      return files
          .filter(p -> p.toString().matches(".*\\.(yaml|splan)$"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleChecksClean(Path example) {
    CliRun run = CliRun.of("check", example.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("ok: 1 spec checked");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void convertingThereAndBackKeepsTheIr(Path example) throws IOException {
    String other = example.toString().endsWith(".splan") ? "yaml" : "dsl";
    Path converted = dir.resolve("converted." + (other.equals("dsl") ? "splan" : "yaml"));
    assertThat(
            CliRun.of("convert", example.toString(), "--to", other, "-o", converted.toString())
                .exitCode())
        .isZero();
    String original = CliRun.of("check", "--print-ir", example.toString()).out();
    String roundTripped = CliRun.of("check", "--print-ir", converted.toString()).out();
    assertThat(roundTripped).isEqualTo(original).contains("spec ");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void fmtIsIdempotent(Path example) throws IOException {
    String once = CliRun.of("fmt", example.toString()).out();
    Path formatted = dir.resolve("f" + example.getFileName());
    Files.writeString(formatted, once);
    assertThat(CliRun.of("fmt", formatted.toString()).out()).isEqualTo(once);
    assertThat(CliRun.of("fmt", "--check", formatted.toString()).exitCode()).isZero();
  }

  @Test
  void jsonAndSarifParseAndNameTheCode() throws IOException {
    Path spec =
        write(
            "bad.yaml",
            "inventory:\n  pools:\n    - {name: p, gpu: h100-sxm-80g, count: 8}\n"
                + "deployments:\n  - {name: d, model: llama-3.1-8b, workload: {rate: 1/s, input_tokens: 10, output_tokens: 10}, slo: {ttft: {p99: 1s}}}\n");
    CliRun json = CliRun.of("check", "--format", "json", spec.toString());
    assertThat(json.exitCode()).isEqualTo(ExitCode.INPUT);
    JsonNode array = JSON.readTree(json.out());
    assertThat(array.get(0).get("code").asText()).isEqualTo("E0201");
    assertThat(array.get(0).get("start").get("line").asInt()).isEqualTo(3);
    assertThat(array.get(0).get("fixes").get(0).get("edits").get(0).get("replacement").asText())
        .isEqualTo("h100-sxm-80gb");

    CliRun sarif = CliRun.of("check", "--format", "sarif", spec.toString());
    JsonNode log = JSON.readTree(sarif.out());
    assertThat(log.get("version").asText()).isEqualTo("2.1.0");
    JsonNode result = log.get("runs").get(0).get("results").get(0);
    assertThat(result.get("ruleId").asText()).isEqualTo("E0201");
    assertThat(
            result
                .get("locations")
                .get(0)
                .get("physicalLocation")
                .get("region")
                .get("startLine")
                .asInt())
        .isEqualTo(3);
    assertThat(
            log.get("runs").get(0).get("tool").get("driver").get("rules").get(0).get("id").asText())
        .isEqualTo("E0201");
  }

  @Test
  void textDiagnosticsShowTheLineAndCaret() throws IOException {
    Path spec =
        write(
            "bad.yaml",
            "inventory:\n  pools:\n    - {name: p, gpu: h100-sxm-80g, count: 8}\n"
                + "deployments:\n  - {name: d, model: llama-3.1-8b, workload: {rate: 1/s, input_tokens: 10, output_tokens: 10}, slo: {ttft: {p99: 1s}}}\n");
    CliRun run = CliRun.of("check", spec.toString());
    assertThat(run.err())
        .contains("error[E0201]: unknown GPU 'h100-sxm-80g'")
        .contains("bad.yaml:3:22")
        .contains("^^^^^^^^^^^^")
        .contains("help: did you mean 'h100-sxm-80gb'?");
  }

  static Stream<byte[]> badInputs() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      deep.append('[');
    }
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*" + (char) (c - 1))))
          .append("]\n");
    }
    byte[] big = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    return Stream.of(
        new byte[0],
        new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe},
        new byte[] {'a', ':', ' ', (byte) 0xc3, (byte) 0x28},
        "inventory:\n  pools:\n    - name: p\n      gpu: [h100".getBytes(StandardCharsets.UTF_8),
        "inventory:\n\tpools: []\n".getBytes(StandardCharsets.UTF_8),
        "a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8),
        deep.toString().getBytes(StandardCharsets.UTF_8),
        bomb.toString().getBytes(StandardCharsets.UTF_8),
        big,
        "- just\n- a list\n".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputGetsDiagnosticsAndExitTwoNeverAStackTrace(byte[] content) throws IOException {
    for (String name : List.of("in.yaml", "in.splan")) {
      Path file = dir.resolve(name);
      Files.write(file, content);
      CliRun run = CliRun.of("check", file.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INPUT);
      assertThat(run.err())
          .containsPattern("error\\[E0\\d{3}\\]")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void missingFileAndBadFlagsExitTwo() {
    assertThat(CliRun.of("check", dir.resolve("nope.yaml").toString()).exitCode())
        .isEqualTo(ExitCode.INPUT);
    CliRun flag = CliRun.of("check", "--format", "xml", "x.yaml");
    assertThat(flag.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(flag.err()).contains("--format");
  }

  @Test
  void explainPrintsTheLongDescription() {
    CliRun run = CliRun.of("explain", "e0201");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("E0201 (error): unknown GPU").contains("Fix");
    assertThat(CliRun.of("explain", "E9999").exitCode()).isEqualTo(ExitCode.INPUT);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
