package dev.servplan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The servplan command line. */
@Command(
    name = "servplan",
    mixinStandardHelpOptions = true,
    version = "servplan 0.1.0",
    description = "A compiler for LLM serving deployments.",
    subcommands = {CommandLine.HelpCommand.class, HwCommand.class, ModelsCommand.class, EstimateCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this in-process). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
