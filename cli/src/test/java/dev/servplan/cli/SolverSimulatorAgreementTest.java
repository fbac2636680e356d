package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The solver's predictions against the independent simulator on every example (docs/simulator.md,
 * "Agreement with the solver"): every compiled plan passes the plan verifier, and the simulated p99
 * latencies and SLO attainment stay within the documented tolerance of what the plan predicts.
 */
class SolverSimulatorAgreementTest {
  /** Simulated p99 latency over predicted p99: the documented band. */
  static final double MIN_RATIO = 0.4;

  static final double MAX_RATIO = 1.75;

  /** Simulated attainment may fall short of the spec's by at most this (documented known gap). */
  static final double ATTAINMENT_SLACK = 0.005;

  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    return SpecCommandsTest.examples();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void simulatorAgreesWithThePlan(Path example) throws IOException {
    Path plan = dir.resolve("plan.json");
    CliRun compiled = CliRun.of("compile", example.toString(), "--quiet", "-o", plan.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isZero();
    CliRun valid = CliRun.of("validate", plan.toString(), "--spec", example.toString());
    assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();

    CliRun sim =
        CliRun.of("simulate", plan.toString(), "--spec", example.toString(), "--format", "json");
    assertThat(sim.exitCode()).as(sim.err()).isIn(0, 1);
    Map<String, JsonNode> simulated = new HashMap<>();
    JSON.readTree(sim.out())
        .get("deployments")
        .forEach(d -> simulated.put(d.get("name").asText(), d));
    JsonNode predicted = JSON.readTree(Files.readString(plan)).get("deployments");
    assertThat(predicted.size()).isEqualTo(simulated.size());
    for (JsonNode d : predicted) {
      JsonNode s = simulated.get(d.get("name").asText());
      String who = example.getFileName() + " " + d.get("name").asText();
      assertRatio(
          who + " ttft p99",
          s.get("ttft_ms").get("p99").asDouble(),
          d.get("predicted").get("ttft_p99_ms").asDouble());
      assertRatio(
          who + " tpot p99",
          s.get("tpot_ms").get("p99").asDouble(),
          d.get("predicted").get("tpot_p99_ms").asDouble());
      double target = s.get("slo").get("attainment_target").asDouble();
      assertThat(s.get("slo_attainment").asDouble())
          .as(who + " simulated attainment")
          .isGreaterThanOrEqualTo(target - ATTAINMENT_SLACK);
    }
  }

  private static void assertRatio(String what, double simulated, double predicted) {
    assertThat(simulated / predicted)
        .as("%s: simulated %.1f ms vs predicted %.1f ms", what, simulated, predicted)
        .isBetween(MIN_RATIO, MAX_RATIO);
  }
}
