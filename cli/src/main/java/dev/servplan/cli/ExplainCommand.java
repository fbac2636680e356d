package dev.servplan.cli;

import dev.servplan.compiler.diag.Code;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan explain CODE}: the long description of a diagnostic code. */
@Command(
    name = "explain",
    description = "Explain a diagnostic code, e.g. 'servplan explain E0201'.",
    mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "CODE", description = "A diagnostic code such as E0201 or W0001.")
  String subject;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Code code = Code.parse(subject);
    if (code == null) {
      err.println("error: '" + subject + "' is not a diagnostic code (codes look like E0201 or W0001)");
      err.flush();
      return ExitCode.INPUT;
    }
    out.println(code.name() + " (" + code.severity().label() + "): " + code.title());
    out.println();
    out.print(code.explanation().strip());
    out.println();
    out.flush();
    return ExitCode.OK;
  }
}
