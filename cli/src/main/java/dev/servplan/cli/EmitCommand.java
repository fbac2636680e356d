package dev.servplan.cli;

import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.runtime.SpecInput;
import dev.servplan.runtime.emit.EmitOptions;
import dev.servplan.runtime.emit.EmitResult;
import dev.servplan.runtime.emit.EmittedFile;
import dev.servplan.runtime.emit.Emitter;
import dev.servplan.runtime.emit.Target;
import dev.servplan.runtime.verify.PlanVerifier;
import dev.servplan.runtime.verify.Violation;
import dev.servplan.runtime.verify.ViolationRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan emit PLAN --target T}: launch scripts or manifests for a plan. */
@Command(
    name = "emit",
    description =
        "Write launch files for a plan: vllm, sglang or trtllm scripts, or Kubernetes manifests.",
    mixinStandardHelpOptions = true)
final class EmitCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "PLAN",
      description = "A plan file (.json, .yaml) written by servplan compile.")
  String planFile;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "TARGET",
      description = "vllm, sglang, trtllm or k8s.")
  String target;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Folder to write into (created if needed); without it the files are printed.")
  Path output;

  @Option(
      names = "--spec",
      paramLabel = "SPEC",
      description =
          "The spec the plan was compiled from, so validation also checks pools and coverage.")
  Path specFile;

  @Option(
      names = "--model",
      paramLabel = "DEPLOYMENT=REPO",
      description =
          "Load this checkpoint for a deployment instead of the catalog's (e.g. a pre-quantized one).")
  Map<String, String> models = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Target> t = Target.parse(target);
    if (t.isEmpty()) {
      err.println("error: unknown target '" + target + "'; expected vllm, sglang, trtllm or k8s");
      err.flush();
      return ExitCode.INPUT;
    }
    Optional<Plan> plan = loadPlan(planFile, err);
    if (plan.isEmpty()) {
      return ExitCode.INPUT;
    }
    // Refuse plans that fail the runtime's own verification: launching them would waste GPU hours.
    Optional<ValidIr> valid = Optional.empty();
    if (specFile != null) {
      SpecInput input = SpecInput.read(specFile);
      if (!input.ok()) {
        err.print(
            new TextRenderer(new Sources(List.of(input.source()))).render(input.diagnostics()));
        err.println("error: the spec '" + specFile + "' has errors");
        err.flush();
        return ExitCode.INPUT;
      }
      valid = input.valid();
    }
    List<Violation> violations =
        new PlanVerifier(AnalyticalCostModel.calibrated()).verify(plan.get(), valid).violations();
    if (violations.stream().anyMatch(Violation::isError)) {
      err.print(ViolationRenderer.text(planFile, violations));
      err.println("error: the plan fails validation; nothing was emitted (see servplan validate)");
      err.flush();
      return ExitCode.UNSATISFIED;
    }
    EmitResult result = Emitter.forTarget(t.get()).emit(plan.get(), new EmitOptions(models));
    result.warnings().forEach(w -> err.println("warning: " + w));
    if (!result.ok()) {
      result.errors().forEach(e -> err.println("error: " + e));
      err.println(
          "error: the plan cannot be launched on " + t.get().id() + "; nothing was written");
      err.flush();
      return ExitCode.UNSATISFIED;
    }
    if (output == null) {
      for (EmittedFile f : result.files()) {
        out.println("==> " + f.path() + " <==");
        out.print(f.content());
      }
      out.flush();
      err.flush();
      return ExitCode.OK;
    }
    write(output, result.files());
    err.println("wrote " + result.files().size() + " files under " + output);
    err.flush();
    return ExitCode.OK;
  }

  static void write(Path dir, List<EmittedFile> files) throws IOException {
    for (EmittedFile f : files) {
      Path p = dir.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.content(), StandardCharsets.UTF_8);
      if (f.executable()) {
        try {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system (Windows): the scripts are run with bash explicitly there.
        }
      }
    }
  }

  /** Whether a command argument names a plan file rather than, say, a diagnostic code. */
  static boolean looksLikePlan(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return Files.isRegularFile(Path.of(arg))
        || lower.endsWith(".json")
        || lower.endsWith(".yaml")
        || lower.endsWith(".yml");
  }

  static Optional<Plan> loadPlan(String file, PrintWriter err) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      err.println("error: cannot read plan '" + file + "': " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
    PlanIo.ReadResult r = PlanIo.read(text, PlanFormat.forFileName(file));
    if (!r.ok()) {
      for (String e : r.errors()) {
        err.println("error: " + file + ": " + e);
      }
      err.flush();
      return Optional.empty();
    }
    return r.plan();
  }
}
