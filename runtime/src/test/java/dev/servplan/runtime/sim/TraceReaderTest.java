package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  private static List<double[]> readAll(String text, TraceFormat format) {
    List<double[]> rows = new ArrayList<>();
    try (TraceReader reader = new TraceReader(new StringReader(text), "t", format)) {
      while (reader.advance()) {
        rows.add(new double[] {reader.time(), reader.input(), reader.output()});
      }
    }
    return rows;
  }

  @Test
  void burstGptRowsBecomeRelativeArrivalsAndFailedRequestsAreSkipped() {
    String csv =
        "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
            + "5,ChatGPT,472,18,490,Conversation log\n"
            + "7.5,GPT-4,1087,0,1087,API log\n"
            + "9,\"GPT-4\",\"300\",120.0,420,API log\n";
    TraceReader reader = new TraceReader(new StringReader(csv), "t.csv", TraceFormat.BURSTGPT_CSV);
    List<double[]> rows = new ArrayList<>();
    while (reader.advance()) {
      rows.add(new double[] {reader.time(), reader.input(), reader.output()});
    }
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly(0, 472, 18);
    assertThat(rows.get(1)).containsExactly(4, 300, 120);
    assertThat(reader.skipped()).isEqualTo(1);
  }

  @Test
  void burstGptColumnsAreFoundByName() {
    String csv =
        "Log Type,Timestamp,Request tokens,Response tokens,Total tokens,Model\n"
            + "API log,10,5,6,11,GPT-4\n";
    assertThat(readAll(csv, TraceFormat.BURSTGPT_CSV))
        .singleElement()
        .satisfies(r -> assertThat(r).containsExactly(0, 5, 6));
  }

  @Test
  void jsonlLinesAreRead() {
    String jsonl =
        "{\"t\": 0.25, \"input\": 100, \"output\": 20}\n\n{\"t\": 1.25, \"input\": 50, \"output\": 5}\n";
    List<double[]> rows = readAll(jsonl, TraceFormat.JSONL);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).containsExactly(1.0, 50, 5);
  }

  @Test
  void malformedLinesNameTheLine() {
    assertThatThrownBy(
            () ->
                readAll(
                    "{\"t\": 0, \"input\": 1, \"output\": 1}\n{\"t\": 1, \"input\": \"x\", \"output\": 1}\n",
                    TraceFormat.JSONL))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("t:2: \"input\" is \"x\", expected a whole number of tokens >= 0")
        .extracting(e -> ((TraceFormatException) e).line())
        .isEqualTo(2L);
    assertThatThrownBy(() -> readAll("{\"t\": 0, \"input\": 1}\n", TraceFormat.JSONL))
        .hasMessageContaining("t:1: missing \"output\"");
    assertThatThrownBy(() -> readAll("{broken\n", TraceFormat.JSONL))
        .hasMessageStartingWith("t:1: not valid JSON");
    String csv =
        "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
            + "1,ChatGPT,10,10,20,API log\n"
            + "2,ChatGPT,ten,10,20,API log\n";
    assertThatThrownBy(() -> readAll(csv, TraceFormat.BURSTGPT_CSV))
        .hasMessage("t:3: 'Request tokens' is 'ten', expected a whole number of tokens >= 0");
    assertThatThrownBy(() -> readAll("Timestamp,Model\n1,x\n", TraceFormat.BURSTGPT_CSV))
        .hasMessageContaining("t:1: the header lacks 'Request tokens', 'Response tokens'");
    assertThatThrownBy(
            () ->
                readAll(
                    csv.replace("2,ChatGPT,ten,10,20,API log", "2,ChatGPT,10,10"),
                    TraceFormat.BURSTGPT_CSV))
        .hasMessageContaining("t:3: expected 6 comma-separated fields");
    assertThatThrownBy(
            () ->
                readAll(
                    "{\"t\": 5, \"input\": 1, \"output\": 1}\n{\"t\": 4, \"input\": 1, \"output\": 1}\n",
                    TraceFormat.JSONL))
        .hasMessageContaining("t:2: timestamp 4.0 is earlier than the previous one");
  }

  @Test
  void aTraceDrivesTheSimulationAndAnUnknownExtensionIsRefused(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("{\"t\": ").append(i * 0.5).append(", \"input\": 256, \"output\": 32}\n");
    }
    Files.writeString(trace, text);
    SimDeployment d =
        SimFixtures.unified(1, 4000, 1, 1, 1).withWorkload(new SimWorkload.Replay(trace));
    DeploymentResult r =
        new Simulator(SimFixtures.COST).run(List.of(d), SimOptions.defaults()).deployments().get(0);
    assertThat(r.requests()).isEqualTo(100);
    assertThat(r.requestsPerS()).isBetween(1.9, 2.1);

    assertThatThrownBy(() -> TraceFormat.forPath(dir.resolve("trace.txt")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("expected a BurstGPT .csv or a .jsonl file");
  }
}
