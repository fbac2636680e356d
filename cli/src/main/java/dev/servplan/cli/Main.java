package dev.servplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The servplan command line. */
@Command(
    name = "servplan",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A compiler for LLM serving deployments: spec in, optimized executable plan out.",
    subcommands = {
      CheckCommand.class,
      FmtCommand.class,
      ConvertCommand.class,
      ExplainCommand.class,
      CompileCommand.class,
      HwCommand.class,
      ModelsCommand.class,
      EstimateCommand.class,
      ValidateCommand.class,
      SimulateCommand.class,
      EmitCommand.class,
      DiffCommand.class,
      ReportCommand.class,
      LspCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final String VERSION = "0.1.0";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this in-process). */
  public static int run(String... args) {
    return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  /** The configured command line with the given streams: bad flags exit 2, bugs exit 3. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          e.println("error: " + ex.getMessage());
          e.println("try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
          e.flush();
          return ExitCode.INPUT;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter e = commandLine.getErr();
          if (ex instanceof IOException io) {
            e.println("error: " + describe(io));
            e.flush();
            return ExitCode.INPUT;
          }
          e.println(
              "internal error: "
                  + ex
                  + " (this is a bug in servplan; please report it with the input)");
          if (System.getenv("SERVPLAN_DEBUG") != null) {
            ex.printStackTrace(e);
          }
          e.flush();
          return ExitCode.INTERNAL;
        });
    return cli;
  }

  /**
   * A file-system error in words: the JDK's messages for the common cases are only the path ({@code
   * NoSuchFileException}) or terse.
   */
  static String describe(IOException ex) {
    if (ex instanceof NoSuchFileException f) {
      Path parent = Path.of(f.getFile()).getParent();
      return "no such file or folder: "
          + f.getFile()
          + (parent != null && !Files.isDirectory(parent)
              ? " (the folder " + parent + " does not exist)"
              : "");
    }
    if (ex instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (ex instanceof FileAlreadyExistsException f) {
      return "already exists and is not a folder: " + f.getFile();
    }
    if (ex instanceof FileSystemException f) {
      return (f.getReason() == null ? "cannot access" : f.getReason()) + ": " + f.getFile();
    }
    return ex.getMessage() == null ? ex.toString() : ex.getMessage();
  }

  /** Reports the version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"servplan " + VERSION};
    }
  }
}
