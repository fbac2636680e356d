package dev.servplan.cli;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.ast.ParsedSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan fmt}: rewrite a spec in canonical layout, in its own syntax. */
@Command(
    name = "fmt",
    description =
        "Print a spec in canonical layout (its own syntax: .splan stays DSL, .yaml stays YAML).",
    mixinStandardHelpOptions = true)
final class FmtCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The spec file.")
  String file;

  @Option(
      names = {"-w", "--write"},
      description = "Rewrite the file in place instead of printing.")
  boolean write;

  @Option(
      names = "--check",
      description = "Print nothing; exit 1 when the file is not in canonical layout.")
  boolean check;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var maybeParsed = Inputs.parseOrReport(file, err);
    if (maybeParsed.isEmpty()) {
      return ExitCode.INPUT;
    }
    ParsedSpec parsed = maybeParsed.get();
    String formatted = SpecCompiler.printer(parsed.source().syntax()).print(parsed.root());
    if (check) {
      boolean same = formatted.equals(parsed.source().text());
      if (!same) {
        err.println(file + ": not in canonical layout; run 'servplan fmt --write " + file + "'");
      }
      err.flush();
      return same ? ExitCode.OK : ExitCode.UNSATISFIED;
    }
    if (write && !file.equals("-")) {
      Files.writeString(Path.of(file), formatted, StandardCharsets.UTF_8);
    } else {
      out.print(formatted);
      out.flush();
    }
    return ExitCode.OK;
  }
}
