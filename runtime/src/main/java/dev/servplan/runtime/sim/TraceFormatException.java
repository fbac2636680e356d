package dev.servplan.runtime.sim;

/** A trace file that cannot be read, with the file and 1-based line of the problem. */
public final class TraceFormatException extends RuntimeException {
  private final String file;
  private final long line;

  public TraceFormatException(String file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** 1-based line number (0 when the problem is the file as a whole). */
  public long line() {
    return line;
  }
}
