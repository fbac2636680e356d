package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Optional;

/** A read-only, id-keyed collection of catalog entries with case-insensitive alias lookup. */
public interface Catalog<T> {
  /** The entry whose id or alias equals {@code idOrAlias}, ignoring case and surrounding blanks. */
  Optional<T> find(String idOrAlias);

  /** Every entry, sorted by id. */
  List<T> all();

  /** Every id, sorted. */
  List<String> ids();

  /** Ids followed by aliases, sorted and without duplicates: candidates for "did you mean". */
  List<String> namesForSuggestions();
}
