package dev.servplan.hwdb.catalog;

import java.util.List;

/**
 * Entries read from a catalog data file, with every problem found; usable only when {@link #ok()}.
 */
public record LoadResult<T>(List<T> entries, List<String> problems) {
  public LoadResult {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
