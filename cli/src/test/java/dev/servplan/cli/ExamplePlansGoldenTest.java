package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.runtime.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Spec to plan golden files: every example in {@code examples/} is compiled as {@code servplan
 * compile EXAMPLE} does (the command, in-process, with the spec's own time limit and seed 0) and
 * its plan summary is compared with {@code src/test/resources/golden-plans/<example>.txt}.
 *
 * <p>The summary is the command's own text output ({@code PlanText}) without the lines that only
 * report the cost model's predictions: {@code baseline:}, {@code predicted:}, {@code slack:} and
 * each group's predicted rate per instance. What stays is what the solver decided: the cost per
 * hour, GPUs, objective and solver status, and per deployment its groups (role, pool, GPU,
 * instances, tp, pp, ep when above 1, weight and KV formats, max_num_seqs, max_num_batched_tokens,
 * the techniques with their settings, cost per hour) and the pools' usage. A change of plan then
 * shows in the diff, while refining a latency formula that leaves the plan alone does not.
 *
 * <p>On a mismatch the actual summary is written to {@code cli/target/golden-actual/golden-plans/};
 * accept the new plans with {@code mvn -q -B -o test -pl cli -am -Dtest=ExamplePlansGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}.
 */
class ExamplePlansGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden-plans");

  @TestFactory
  Stream<DynamicTest> everyExampleCompilesToItsGoldenPlan() throws IOException {
    List<Path> examples = SpecCommandsTest.examples().toList();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(14);
    List<String> names = examples.stream().map(ExamplePlansGoldenTest::name).toList();
    DynamicTest noStaleFiles =
        DynamicTest.dynamicTest(
            "every golden plan has its example",
            () -> {
              List<Path> stale;
              try (Stream<Path> files = Files.list(GOLDEN)) {
                stale =
                    files
                        .filter(
                            f ->
                                !names.contains(
                                    f.getFileName().toString().replaceAll("\\.txt$", "")))
                        .sorted()
                        .toList();
              }
              if (Boolean.getBoolean("golden.update")) {
                for (Path f : stale) {
                  Files.delete(f);
                }
                return;
              }
              assertThat(stale).as("golden plans whose example is gone").isEmpty();
            });
    Stream<DynamicTest> plans =
        examples.stream()
            .map(
                example ->
                    DynamicTest.dynamicTest(
                        example.getFileName().toString(),
                        () -> {
                          CliRun run = CliRun.of("compile", example.toString(), "--quiet");
                          assertThat(run.exitCode()).as(run.err()).isZero();
                          Golden.assertFile(GOLDEN, name(example) + ".txt", summary(run.out()));
                        }));
    return Stream.concat(plans, Stream.of(noStaleFiles));
  }

  static String name(Path example) {
    return example.getFileName().toString().replaceAll("\\.(yaml|splan)$", "");
  }

  /** {@code servplan compile}'s text output without the predictions (see the class comment). */
  static String summary(String planText) {
    return planText
        .lines()
        .filter(
            line ->
                !line.startsWith("baseline:")
                    && !line.startsWith("  predicted:")
                    && !line.startsWith("  slack:"))
        .map(line -> line.replaceFirst(", [0-9.]+/s per instance$", ""))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
