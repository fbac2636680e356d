package dev.servplan.hwdb.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The shared lookup behind every catalog: immutable once built, so safe to share across threads.
 */
final class IdIndex<T> implements Catalog<T> {
  private final List<T> entries;
  private final List<String> ids;
  private final Map<String, T> byName;
  private final List<String> suggestions;

  /**
   * Builds the index; a name (id or alias) claimed by two entries is reported in {@code problems}
   * and resolves to the first entry by id.
   */
  IdIndex(
      List<T> items,
      Function<T, String> idOf,
      Function<T, List<String>> aliasesOf,
      String what,
      List<String> problems) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(idOf));
    Map<String, T> names = new LinkedHashMap<>();
    Map<String, String> owner = new TreeMap<>();
    TreeSet<String> idSet = new TreeSet<>();
    TreeSet<String> aliasSet = new TreeSet<>();
    for (T item : sorted) {
      String id = idOf.apply(item);
      idSet.add(id);
      List<String> keys = new ArrayList<>();
      keys.add(id);
      keys.addAll(aliasesOf.apply(item));
      for (String key : keys) {
        String norm = normalize(key);
        String previous = owner.putIfAbsent(norm, id);
        if (previous == null) {
          names.put(norm, item);
        } else if (!previous.equals(id)) {
          problems.add(
              what + " name '" + key + "' is used by both '" + previous + "' and '" + id + "'");
        }
        if (!key.equals(id)) {
          aliasSet.add(key);
        }
      }
    }
    this.entries = List.copyOf(sorted);
    this.ids = List.copyOf(idSet);
    this.byName = Map.copyOf(names);
    // An alias that differs from a name already listed only by case (H100-SXM-80GB) is noise in
    // "did you mean": lookups ignore case anyway.
    List<String> all = new ArrayList<>(idSet);
    TreeSet<String> seen = new TreeSet<>();
    for (String id : idSet) {
      seen.add(normalize(id));
    }
    for (String alias : aliasSet) {
      if (seen.add(normalize(alias))) {
        all.add(alias);
      }
    }
    this.suggestions = List.copyOf(all);
  }

  static String normalize(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public Optional<T> find(String idOrAlias) {
    if (idOrAlias == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byName.get(normalize(idOrAlias)));
  }

  @Override
  public List<T> all() {
    return entries;
  }

  @Override
  public List<String> ids() {
    return ids;
  }

  @Override
  public List<String> namesForSuggestions() {
    return suggestions;
  }
}
