package dev.servplan.runtime.sim;

import java.nio.file.Path;
import java.util.Locale;

/** The request-trace layouts the simulator replays; docs/simulator.md describes both. */
public enum TraceFormat {
  /**
   * BurstGPT's CSV (github.com/HPMLL/BurstGPT): a header naming at least {@code Timestamp}, {@code
   * Request tokens} and {@code Response tokens} (the full header is {@code Timestamp, Model,
   * Request tokens, Response tokens, Total tokens, Log Type}); timestamps in seconds.
   */
  BURSTGPT_CSV,
  /** One JSON object per line: {@code {"t": seconds, "input": tokens, "output": tokens}}. */
  JSONL;

  /**
   * By file extension: {@code .csv} is BurstGPT, {@code .jsonl}/{@code .json}/{@code .ndjson} is
   * JSONL.
   */
  public static TraceFormat forPath(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return BURSTGPT_CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    throw new TraceFormatException(
        path.toString(), 0, "unknown trace format: expected a BurstGPT .csv or a .jsonl file");
  }
}
