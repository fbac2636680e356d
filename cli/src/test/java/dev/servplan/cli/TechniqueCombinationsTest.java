package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans the solver writes for technique combinations pass the verifier without warnings. */
class TechniqueCombinationsTest {
  @TempDir Path dir;

  @Test
  void aSpeculatingPlanWithASmallTargetValidatesWithItsDraftMemory() throws Exception {
    // An 8B target where the 1B draft's weights are far above the verifier's 5% tolerance: the
    // verifier must count the draft's weights and KV as the solver does
    // (SpeculativeStep.withDraft).
    String spec =
        Files.readString(Path.of("../examples/speculative-chat.yaml"))
            .replace("model: llama-3.1-70b", "model: llama-3.1-8b")
            .replace("tpot: {p99: 12ms}", "tpot: {p99: 8ms}")
            .replace("speculative_decoding: auto", "speculative_decoding: always");
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(specFile, spec);
    Path plan = dir.resolve("plan.json");
    CliRun compiled = CliRun.of("compile", specFile.toString(), "--quiet", "-o", plan.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isZero();
    assertThat(Files.readString(plan)).contains("\"speculative\"");
    CliRun valid = CliRun.of("validate", plan.toString(), "--spec", specFile.toString());
    assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();
    assertThat(valid.out() + valid.err()).doesNotContain("P0102").doesNotContain("P0106");
  }

  @Test
  void forcingSmPartitioningWithOffloadIsAnInputError() throws Exception {
    CliRun run =
        CliRun.of(
            "compile",
            "../examples/offload-batch.yaml",
            "--option",
            "offload=always",
            "--option",
            "sm_partitioning=always");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INPUT);
    assertThat(run.err()).contains("E0305").contains("sm_partitioning always");
  }
}
