package dev.servplan.solver;

import dev.servplan.hwdb.unit.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to solve: time limit, random seed, worker threads and search strategy. Validated up front by
 * {@link #of}, so a bad flag fails before any work starts.
 */
public record SolverConfig(Duration timeLimit, long seed, int workers, Search search) {
  /** The largest exhaustive search (product of per-variable ranges) before it refuses to run. */
  public static final long EXHAUSTIVE_LIMIT = 50_000_000L;

  /** The search strategy. */
  public enum Search {
    /** The integer program, solved with OR-Tools CP-SAT. */
    ILP,
    /** Plain enumeration of the same space; for small specs and to cross-check the ILP. */
    EXHAUSTIVE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SolverConfig {
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(search, "search");
    List<String> problems = problems(timeLimit, workers);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** A config, or why not. */
  public static Result of(Duration timeLimit, long seed, int workers, Search search) {
    List<String> problems = problems(timeLimit, workers);
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    return new Result(Optional.of(new SolverConfig(timeLimit, seed, workers, search)), List.of());
  }

  /** One worker (deterministic), the given time limit, seed 0, the ILP. */
  public static SolverConfig defaults(Duration timeLimit) {
    return new SolverConfig(timeLimit, 0, 1, Search.ILP);
  }

  public SolverConfig withTimeLimit(Duration newLimit) {
    return new SolverConfig(newLimit, seed, workers, search);
  }

  public SolverConfig withSearch(Search newSearch) {
    return new SolverConfig(timeLimit, seed, workers, newSearch);
  }

  /** A validated config or the problems found. */
  public record Result(Optional<SolverConfig> config, List<String> problems) {
    public Result {
      Objects.requireNonNull(config, "config");
      problems = List.copyOf(problems);
    }
  }

  private static List<String> problems(Duration timeLimit, int workers) {
    List<String> problems = new ArrayList<>();
    if (!(timeLimit.seconds() > 0) || timeLimit.seconds() > 3600) {
      problems.add("time limit must be more than 0s and at most 1h, got " + timeLimit);
    }
    if (workers < 1 || workers > 64) {
      problems.add("workers must be between 1 and 64, got " + workers);
    }
    return problems;
  }
}
