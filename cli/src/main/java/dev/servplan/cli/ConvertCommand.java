package dev.servplan.cli;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.source.Syntax;
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

/** {@code servplan convert}: the same spec in the other syntax. */
@Command(
    name = "convert",
    description = "Convert a spec between YAML and the .splan DSL; the meaning (IR) is unchanged.",
    mixinStandardHelpOptions = true)
final class ConvertCommand implements Callable<Integer> {
  /** Target syntaxes. */
  enum Target {
    yaml,
    dsl
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The spec file.")
  String file;

  @Option(names = "--to", required = true, description = "yaml or dsl.")
  Target to;

  @Option(
      names = {"-o", "--output"},
      description = "Write to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var maybeParsed = Inputs.parseOrReport(file, err);
    if (maybeParsed.isEmpty()) {
      return ExitCode.INPUT;
    }
    ParsedSpec parsed = maybeParsed.get();
    String text =
        SpecCompiler.printer(to == Target.dsl ? Syntax.DSL : Syntax.YAML).print(parsed.root());
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      out.print(text);
      out.flush();
    }
    return ExitCode.OK;
  }
}
