package dev.servplan.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.servplan.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CatalogCommandsTest {
  /** Output of one in-process run. */
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void hwListIsAnAlignedTable() {
    Run r = run("hw", "list");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).startsWith("ID").contains("BF16 TFLOPS");
    int column = lines[0].indexOf("MEMORY");
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i].charAt(column - 1)).as(lines[i]).isEqualTo(' ');
      assertThat(lines[i].charAt(column)).as(lines[i]).isNotEqualTo(' ');
    }
    assertThat(r.out()).contains("h100-sxm-80gb").contains("mi300x-192gb");
  }

  @Test
  void hwShowAcceptsAliasesAndPrintsSources() {
    Run r = run("hw", "show", "H100-SXM5-80GB");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("id:")
        .contains("h100-sxm-80gb")
        .contains("dense_tflops.bf16")
        .contains("989")
        .contains("sources.price");
    assertThat(run("hw", "show", "nvlink4").out())
        .contains("bandwidth_gb_per_s_per_direction")
        .contains("450");
    assertThat(run("hw", "list", "--kind", "links").out()).contains("ib-400g").contains("50");
  }

  @Test
  void unknownIdSuggestsAndExitsTwo() {
    Run r = run("hw", "show", "h100-sxm-80g");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("unknown hardware id 'h100-sxm-80g'")
        .contains("did you mean 'h100-sxm-80gb'");
    Run m = run("models", "show", "lama-3.1-8b");
    assertThat(m.code()).isEqualTo(2);
    assertThat(m.err()).contains("did you mean 'llama-3.1-8b'");
  }

  @Test
  void modelsShowJsonHasDerivedSizesInFixedOrder() throws Exception {
    Run r = run("models", "show", "llama-3.1-70b", "--format", "json");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("kv_bytes_per_token").get("bf16").asDouble()).isEqualTo(327_680.0);
    assertThat(j.get("kv_bytes_per_token").get("fp8").asDouble()).isEqualTo(163_840.0);
    assertThat(j.get("params").asLong()).isBetween(70_000_000_000L, 71_000_000_000L);
    assertThat(j.get("weight_gib").get("bf16").asDouble()).isBetween(131.0, 132.0);
    assertThat(r.out().indexOf("\"id\"")).isLessThan(r.out().indexOf("\"layers\""));
    // Same input, same bytes.
    assertThat(run("models", "show", "llama-3.1-70b", "--format", "json").out()).isEqualTo(r.out());
  }

  @Test
  void modelsListShowsActiveParams() {
    Run r = run("models", "list");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("deepseek-v3").contains("671").contains("mla");
    assertThat(run("models", "list", "--format", "json").out()).startsWith("[");
  }

  @Test
  void badFormatIsAUsageError() {
    assertThat(run("models", "list", "--format", "xml").code()).isEqualTo(2);
  }
}
