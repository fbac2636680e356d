package dev.servplan.cli;

/** The documented exit codes (README.md, "Exit codes"). */
public final class ExitCode {
  /** Success; warnings allowed. */
  public static final int OK = 0;

  /** The spec is valid but cannot be satisfied, or a plan fails validation or a gate. */
  public static final int UNSATISFIED = 1;

  /** Input errors: unreadable files, syntax, invalid specs, bad flags. */
  public static final int INPUT = 2;

  /** A bug in servplan. */
  public static final int INTERNAL = 3;

  private ExitCode() {}
}
