package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EstimateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    int code =
        run(
            "estimate",
            "--model",
            "llama-3.1-8b",
            "--gpu",
            "h100-sxm-80gb",
            "--batch",
            "64",
            "--input",
            "2048",
            "--output",
            "128",
            "--format",
            "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    for (String field :
        new String[] {
          "ttft_ms", "tpot_ms", "output_tokens_per_s", "total_tokens_per_s", "batch", "fits"
        }) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("batch").asInt()).isEqualTo(64);
    assertThat(json.get("fits").asBoolean()).isTrue();
    assertThat(json.get("ttft_ms").asDouble()).isPositive();
    assertThat(json.get("tpot_ms").asDouble()).isPositive();
    // Throughput is batch x output over TTFT + (output-1) x TPOT.
    double totalS = (json.get("ttft_ms").asDouble() + 127 * json.get("tpot_ms").asDouble()) / 1000;
    assertThat(json.get("output_tokens_per_s").asDouble())
        .isCloseTo(
            64 * 128 / totalS, org.assertj.core.api.Assertions.within(64 * 128 / totalS * 0.01));
    JsonNode memory = json.get("memory_gib");
    for (String field :
        new String[] {"weights", "kv_cache", "activations", "overhead", "total", "capacity"}) {
      assertThat(memory.get(field).asDouble()).as(field).isPositive();
    }
    assertThat(memory.get("total").asDouble())
        .isLessThanOrEqualTo(memory.get("capacity").asDouble());
    for (String field : new String[] {"gemm", "attention", "communication", "overhead"}) {
      assertThat(json.get("breakdown").has(field)).as(field).isTrue();
    }
  }

  @Test
  void maxResolvesToTheLargestBatchThatFits() throws Exception {
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--batch",
                "max",
                "--input",
                "2048",
                "--output",
                "128",
                "--format",
                "json"))
        .isZero();
    int max = new ObjectMapper().readTree(out.toString()).get("batch").asInt();
    assertThat(max).isGreaterThan(64);
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--batch",
                Integer.toString(max + 1),
                "--input",
                "2048",
                "--output",
                "128"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("does not fit");
  }

  @Test
  void textFormatIsReadable() {
    assertThat(
            run(
                "estimate",
                "--model",
                "mixtral-8x7b",
                "--gpu",
                "h100-sxm-80gb",
                "--tp",
                "2",
                "--weights",
                "fp8",
                "--kv-dtype",
                "fp8",
                "--batch",
                "32",
                "--input",
                "1024",
                "--output",
                "256"))
        .isZero();
    assertThat(out.toString())
        .contains("time to first token")
        .contains("time per output token")
        .contains("tp=2");
  }

  @Test
  void unknownModelSuggestsTheClosestId() {
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8c",
                "--gpu",
                "h100",
                "--batch",
                "1",
                "--input",
                "1",
                "--output",
                "1"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown model 'llama-3.1-8c'")
        .contains("did you mean 'llama-3.1-8b'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void impossibleParallelismAndDtypeAreInputErrors() {
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--tp",
                "3",
                "--batch",
                "1",
                "--input",
                "8",
                "--output",
                "8"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("tp=3");
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--tp",
                "16",
                "--batch",
                "1",
                "--input",
                "8",
                "--output",
                "8"))
        .isEqualTo(2);
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--pp",
                "5",
                "--batch",
                "1",
                "--input",
                "8",
                "--output",
                "8"))
        .isEqualTo(2);
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "a100-sxm-80gb",
                "--weights",
                "fp8",
                "--batch",
                "1",
                "--input",
                "8",
                "--output",
                "8"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("fp8");
    assertThat(
            run(
                "estimate",
                "--model",
                "llama-3.1-8b",
                "--gpu",
                "h100",
                "--batch",
                "lots",
                "--input",
                "8",
                "--output",
                "8"))
        .isEqualTo(2);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void modelTooLargeForTheGpuIsAnInputError() {
    assertThat(
            run(
                "estimate",
                "--model",
                "deepseek-v3",
                "--gpu",
                "h100",
                "--tp",
                "8",
                "--batch",
                "1",
                "--input",
                "128",
                "--output",
                "128"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("does not fit");
    assertThat(out.toString()).isEmpty();
  }
}
