package dev.servplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
  @TempDir Path dir;

  static String spec(int count, String ttft) {
    return "apiVersion: servplan/v1\n"
        + "name: cli-test\n"
        + "inventory:\n"
        + "  pools:\n"
        + "    - name: h100\n"
        + "      gpu: h100-sxm-80gb\n"
        + "      count: "
        + count
        + "\n"
        + "deployments:\n"
        + "  - name: chat\n"
        + "    model: llama-3.1-8b\n"
        + "    workload:\n"
        + "      rate: 30/s\n"
        + "      input_tokens: {dist: lognormal, mean: 1000, p99: 4000}\n"
        + "      output_tokens: {dist: lognormal, mean: 200, p99: 800}\n"
        + "    slo:\n"
        + "      ttft: {p99: "
        + ttft
        + "}\n"
        + "      tpot: {p99: 40ms}\n"
        + "objective: minimize-cost\n";
  }

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path write(String text) throws Exception {
    Path p = dir.resolve("spec.yaml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void textSummaryStatesCostAndBaseline() throws Exception {
    Path spec = write(spec(16, "1s"));
    Path plan = dir.resolve("plan.yaml");
    Run r = run("compile", spec.toString(), "-o", plan.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out())
        .contains("plan for 'cli-test'")
        .contains("baseline:")
        .contains("deployment chat")
        .contains("plan written to");
    PlanIo.ReadResult read = PlanIo.read(Files.readString(plan), PlanFormat.YAML);
    assertThat(read.errors()).isEmpty();
    assertThat(
            read.plan().orElseThrow().deployments().get(0).predicted().requestsPerS().perSecond())
        .isGreaterThanOrEqualTo(30);
  }

  @Test
  void jsonFormatPrintsThePlan() throws Exception {
    Path spec = write(spec(16, "1s"));
    Run r = run("compile", spec.toString(), "--format", "json", "--option", "disaggregation=never");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    var plan = PlanIo.read(r.out(), PlanFormat.JSON).plan().orElseThrow();
    assertThat(plan.deployments().get(0).groups()).allMatch(g -> g.role().id().equals("unified"));
  }

  @Test
  void tooFewGpusExitsOneWithTheBindingConstraint() throws Exception {
    Path spec = write(spec(1, "1s").replace("rate: 30/s", "rate: 300/s"));
    Run r = run("compile", spec.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("the demand needs")
        .contains("h100-sxm-80gb GPUs; pool h100 has 1")
        .contains("help:");
  }

  @Test
  void unreachableLatencyNamesTheBestAchievable() throws Exception {
    Path spec = write(spec(16, "5ms"));
    Run r = run("compile", spec.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("ttft p99 <= 5ms is unreachable")
        .contains("the best achievable is");
  }

  @Test
  void badOptionIsAnInputError() throws Exception {
    Path spec = write(spec(16, "1s"));
    assertThat(run("compile", spec.toString(), "--option", "max_tp=3").code()).isEqualTo(2);
    assertThat(run("compile", spec.toString(), "--option", "colour=blue").err())
        .contains("error[E0101]: unknown key 'colour' in options");
    assertThat(run("compile", spec.toString(), "--time-limit", "soon").code()).isEqualTo(2);
  }

  @Test
  void missingFileIsAnInputError() {
    assertThat(run("compile", dir.resolve("nope.yaml").toString()).code()).isEqualTo(2);
  }

  @Test
  void anOutputInAMissingFolderIsAnInputErrorInWords() throws Exception {
    Path spec = write(spec(16, "1s"));
    var r = run("compile", spec.toString(), "-o", dir.resolve("no/such/plan.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file or folder").contains("does not exist");
  }
}
