package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example compiles to a plan that every target emits, the way docs/emit.md tells a user to do
 * it: compile once (engine {@code any}); when a target refuses the plan because its engine lacks a
 * technique the plan uses, compile again with {@code --option engine=<that engine>} and emit that
 * plan, which must then succeed. Every flag in the vLLM scripts and the Kubernetes manifests (which
 * run vLLM) must be one that {@code vllm serve} accepts, per the list extracted from vLLM's
 * argument parser in runtime/src/test/resources/engine-cli/vllm-serve-flags.txt.
 */
class ExamplesEmitTest {
  static final Path VLLM_FLAGS =
      Path.of("../runtime/src/test/resources/engine-cli/vllm-serve-flags.txt");
  static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");

  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    return SpecCommandsTest.examples();
  }

  private Path compile(Path example, String name, String... extra) {
    Path plan = dir.resolve(name + ".plan.json");
    String[] args =
        Stream.concat(
                Stream.of("compile", example.toString(), "--quiet", "-o", plan.toString()),
                Stream.of(extra))
            .toArray(String[]::new);
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as("%s: %s", example.getFileName(), run.err()).isZero();
    return plan;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyTargetEmitsEveryExample(Path example) throws IOException {
    Path plan = compile(example, "any");
    Set<String> known = vllmFlags();
    for (String target : new String[] {"vllm", "sglang", "trtllm", "k8s"}) {
      Path out = dir.resolve("out-" + target);
      CliRun run = CliRun.of("emit", plan.toString(), "--target", target, "-o", out.toString());
      if (run.exitCode() != 0 && run.err().contains("--option engine=")) {
        String engine = target.equals("k8s") ? "vllm" : target;
        Path forEngine = compile(example, engine, "--option", "engine=" + engine);
        run = CliRun.of("emit", forEngine.toString(), "--target", target, "-o", out.toString());
      }
      assertThat(run.exitCode())
          .as("%s --target %s: %s", example.getFileName(), target, run.err())
          .isZero();
      if (target.equals("k8s")) {
        try (Stream<Path> files = Files.list(out.resolve("k8s"))) {
          for (Path manifest : files.sorted().toList()) {
            assertThat(KubernetesSchema.check(Files.readString(manifest)))
                .as(
                    "%s: %s against the Kubernetes schema",
                    example.getFileName(), manifest.getFileName())
                .isEmpty();
          }
        }
      }
      if (target.equals("vllm") || target.equals("k8s")) {
        Set<String> used = flagsIn(out.resolve(target), target.equals("k8s"));
        assertThat(used).as("%s %s flags", example.getFileName(), target).isNotEmpty();
        assertThat(known)
            .as("%s: flags written for %s must exist in vllm serve", example.getFileName(), target)
            .containsAll(used);
      }
    }
  }

  /** The vllm serve flags in the emitted scripts (or the container args of the manifests). */
  private static Set<String> flagsIn(Path root, boolean manifests) throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!(f.toString().endsWith(".sh") || (manifests && f.toString().endsWith(".yaml")))) {
          continue;
        }
        for (String line : Files.readAllLines(f)) {
          String code = line.strip();
          if (code.startsWith("#") || code.startsWith("exec ray") || code.contains("ray start")) {
            continue;
          }
          Matcher m = FLAG.matcher(code);
          while (m.find()) {
            used.add(m.group(1));
          }
        }
      }
    }
    return used;
  }

  private static Set<String> vllmFlags() throws IOException {
    return Files.readAllLines(VLLM_FLAGS).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
