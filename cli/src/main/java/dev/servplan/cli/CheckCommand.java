package dev.servplan.cli;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.render.JsonRenderer;
import dev.servplan.compiler.diag.render.SarifRenderer;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.ir.IrPrinter;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code servplan check}: parse and validate specs, report every problem. */
@Command(
    name = "check",
    description = "Parse and validate spec files (.splan or .yaml) and report every problem.",
    mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Spec files; '-' reads YAML from standard input.")
  List<String> files;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--print-ir", description = "Print the canonical IR of each valid spec.")
  boolean printIr;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Diagnostic> all = new ArrayList<>();
    List<SourceFile> sourceFiles = new ArrayList<>();
    boolean anyError = false;
    StringBuilder irText = new StringBuilder();
    for (String name : files) {
      SourceReader.Result read = Inputs.read(name);
      sourceFiles.add(read.source());
      if (!read.ok()) {
        all.addAll(read.diagnostics());
        anyError = true;
        continue;
      }
      SpecCompiler.Compilation c = SpecCompiler.compile(read.source());
      all.addAll(c.diagnostics());
      anyError |= !c.ok();
      if (printIr && c.ok()) {
        irText.append(IrPrinter.print(c.valid().orElseThrow().spec()));
      }
    }
    Sources sources = new Sources(sourceFiles);
    switch (format) {
      case json:
        out.print(new JsonRenderer(sources).render(all));
        break;
      case sarif:
        out.print(new SarifRenderer(sources, Main.VERSION).render(all));
        break;
      default:
        err.print(new TextRenderer(sources).render(all));
        if (!anyError) {
          out.print(irText);
          out.println(
              "ok: " + files.size() + (files.size() == 1 ? " spec" : " specs") + " checked");
        }
    }
    out.flush();
    err.flush();
    return anyError ? ExitCode.INPUT : ExitCode.OK;
  }
}
