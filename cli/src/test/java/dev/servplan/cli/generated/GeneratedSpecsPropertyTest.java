package dev.servplan.cli.generated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.cli.generated.CompileAndValidate.Kind;
import dev.servplan.cli.generated.CompileAndValidate.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Every generated multi-pool, multi-deployment spec (SpecGenerator) is either refused by the solver
 * with an E04xx diagnostic or compiles to a plan that passes {@code servplan validate PLAN --spec
 * SPEC --simulate} (CompileAndValidate). Issue #12: a plan the solver predicts to meet its SLOs
 * must meet them in the runtime's own simulation.
 *
 * <p>Runs (from the repository root):
 *
 * <ul>
 *   <li>the normal build: {@value PropertySettings#DEFAULT_TRIES} specs of the fixed seed, {@code
 *       mvn -q -B -o test -pl cli -am -Dtest=GeneratedSpecsPropertyTest
 *       -Dsurefire.failIfNoSpecifiedTests=false};
 *   <li>200 specs: add {@code -Pproperties} (or {@code -Dproperties.tries=N} for another count,
 *       {@code -Dproperties.seed=random} for a fresh seed);
 *   <li>the pass share: add {@code -Dproperties.report=true}; every spec is then compiled and
 *       checked even after a failure, and a table (specs generated, infeasible, compiled, passed,
 *       failed, and each failure's spec, plan and what validate --simulate said) is printed and
 *       written to {@code cli/target/generated-specs/summary.txt} before the property fails on any
 *       failure;
 *   <li>some tries only: {@code -Dproperties.only=7,19,30-40} compiles only those tries of the seed
 *       (the others are generated and skipped), to reproduce a failure or to split a long run.
 * </ul>
 *
 * <p>The spec and plan of every failing try are written to {@code
 * cli/target/generated-specs/try-N.yaml} and {@code try-N.txt}. Shrinking is off: one try costs a
 * compile and a simulation, and a shrunk spec is no easier to read than the generated one.
 */
class GeneratedSpecsPropertyTest {
  static final Path OUT = Path.of("target", "generated-specs");

  private final List<Row> rows = new ArrayList<>();
  private int tryNumber;

  /** One try's spec and what became of it. */
  record Row(int tryNumber, GeneratedSpec spec, Outcome outcome) {}

  @Provide
  Arbitrary<GeneratedSpec> specs() {
    return SpecGenerator.specs();
  }

  @BeforeProperty
  void reset() {
    rows.clear();
    tryNumber = 0;
  }

  @AddLifecycleHook(PropertySettings.class)
  @Property(
      shrinking = ShrinkingMode.OFF,
      afterFailure = AfterFailureMode.PREVIOUS_SEED,
      edgeCases = EdgeCasesMode.NONE,
      generation = GenerationMode.RANDOMIZED)
  void everyPlanPassesValidateWithSimulation(@ForAll("specs") GeneratedSpec spec) {
    tryNumber++;
    if (!selected(tryNumber)) {
      return;
    }
    Outcome outcome = CompileAndValidate.run(spec.yaml());
    rows.add(new Row(tryNumber, spec, outcome));
    if (outcome.kind() == Kind.FAILED || outcome.kind() == Kind.INVALID) {
      write(tryNumber, spec, outcome);
    }
    if (PropertySettings.report()) {
      return;
    }
    assertThat(outcome.kind())
        .as(
            "try %d (seed %s): %s%nplan:%n%s%n%s",
            tryNumber, PropertySettings.seed(), outcome.kind(), outcome.plan(), outcome.failure())
        .isIn(Kind.INFEASIBLE, Kind.PASSED);
  }

  @AfterProperty
  void summarize() {
    String summary = summary();
    System.out.print(summary);
    try {
      Files.createDirectories(OUT);
      Files.writeString(OUT.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (PropertySettings.report()) {
      assertThat(rows.stream().filter(r -> !passedOrRefused(r)).map(Row::tryNumber).toList())
          .as("tries that failed validate --simulate (see the summary above)")
          .isEmpty();
    }
  }

  private static boolean passedOrRefused(Row r) {
    return r.outcome().kind() == Kind.PASSED || r.outcome().kind() == Kind.INFEASIBLE;
  }

  /** Whether {@code properties.only} (tries and ranges, {@code 7,19,30-40}) selects a try. */
  private static boolean selected(int tryNumber) {
    String only = System.getProperty("properties.only", "");
    if (only.isBlank()) {
      return true;
    }
    for (String part : only.split(",")) {
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0].trim());
      int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
      if (tryNumber >= from && tryNumber <= to) {
        return true;
      }
    }
    return false;
  }

  /** The table: counts, one line per try, then each failure in full. */
  String summary() {
    Map<Kind, Long> counts = new TreeMap<>();
    Map<String, Long> codes = new TreeMap<>();
    double compile = 0;
    double validate = 0;
    for (Row r : rows) {
      counts.merge(r.outcome().kind(), 1L, Long::sum);
      r.outcome().codes().forEach(c -> codes.merge(c, 1L, Long::sum));
      compile += r.outcome().compileSeconds();
      validate += r.outcome().validateSeconds();
    }
    long infeasible = counts.getOrDefault(Kind.INFEASIBLE, 0L);
    long passed = counts.getOrDefault(Kind.PASSED, 0L);
    long failed = counts.getOrDefault(Kind.FAILED, 0L);
    long invalid = counts.getOrDefault(Kind.INVALID, 0L);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%ngenerated specs (seed %s): %d generated, %d checked%n"
                + "  refused as infeasible (E04xx): %d %s%n"
                + "  compiled to a plan:            %d%n"
                + "    passed validate --simulate:  %d%n"
                + "    failed:                      %d%n"
                + "  refused by the front end:      %d%n"
                + "  time: compile %.0f s, validate --simulate %.0f s%n%n",
            PropertySettings.seed(),
            tryNumber,
            rows.size(),
            infeasible,
            codes,
            passed + failed,
            passed,
            failed,
            invalid,
            compile,
            validate));
    out.append("compiled deployments by how the plan serves them (simulated SLO met / all):\n");
    for (CompileAndValidate.Shape shape : CompileAndValidate.Shape.values()) {
      long all = 0;
      long met = 0;
      for (Row r : rows) {
        for (CompileAndValidate.Verdict v : r.outcome().deployments()) {
          if (v.shape() == shape) {
            all++;
            met += v.met() ? 1 : 0;
          }
        }
      }
      out.append(String.format(Locale.ROOT, "  %-66s %3d / %3d%n", shape.text, met, all));
    }
    out.append('\n');
    out.append("try  outcome     compile  validate  pools / deployments\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d  %-10s %7.1fs %8.1fs  %s%s%n",
              r.tryNumber(),
              r.outcome().kind().name().toLowerCase(Locale.ROOT),
              r.outcome().compileSeconds(),
              r.outcome().validateSeconds(),
              r.spec().pools(),
              r.outcome().codes().isEmpty() ? "" : " " + r.outcome().codes()));
      for (String d : r.spec().deployments()) {
        String verdict =
            r.outcome().deployments().stream()
                .filter(v -> d.startsWith(v.deployment() + " "))
                .map(v -> "  -> " + v.shape().text + (v.met() ? ": met" : ": MISSED"))
                .findFirst()
                .orElse("");
        out.append("                                 ").append(d).append(verdict).append('\n');
      }
    }
    for (Row r : rows) {
      if (r.outcome().kind() == Kind.INFEASIBLE) {
        out.append(
            String.format(
                Locale.ROOT, "%ntry %d refused: %s%n", r.tryNumber(), r.outcome().failure()));
      }
    }
    for (Row r : rows) {
      if (passedOrRefused(r)) {
        continue;
      }
      out.append("\n=== try ")
          .append(r.tryNumber())
          .append(": ")
          .append(r.outcome().kind())
          .append("\n--- spec\n")
          .append(r.spec().yaml())
          .append("--- plan\n")
          .append(r.outcome().plan())
          .append("--- validate --simulate\n")
          .append(r.outcome().failure());
    }
    return out.toString();
  }

  private static void write(int tryNumber, GeneratedSpec spec, Outcome outcome) {
    try {
      Files.createDirectories(OUT);
      Files.writeString(OUT.resolve("try-" + tryNumber + ".yaml"), spec.yaml());
      Files.writeString(
          OUT.resolve("try-" + tryNumber + ".txt"),
          outcome.plan() + "\n" + outcome.failure(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
