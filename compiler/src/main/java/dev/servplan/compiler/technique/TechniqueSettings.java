package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The serving techniques a group (or a solver candidate) uses: at most one {@link TechniqueSetting}
 * per {@link Technique}, none for a technique it does not use. Immutable; iteration follows the
 * {@link Technique} order, so printing and hashing are deterministic.
 */
public final class TechniqueSettings {
  /** No technique. */
  public static final TechniqueSettings NONE =
      new TechniqueSettings(new EnumMap<>(Technique.class));

  private final Map<Technique, TechniqueSetting> settings;

  private TechniqueSettings(EnumMap<Technique, TechniqueSetting> settings) {
    this.settings = Collections.unmodifiableMap(settings);
  }

  /** The given settings; two for one technique are an error. */
  public static TechniqueSettings of(Collection<? extends TechniqueSetting> settings) {
    EnumMap<Technique, TechniqueSetting> map = new EnumMap<>(Technique.class);
    for (TechniqueSetting s : settings) {
      Objects.requireNonNull(s, "setting");
      if (map.put(s.technique(), s) != null) {
        throw new IllegalArgumentException("two settings for " + s.technique().id());
      }
    }
    return new TechniqueSettings(map);
  }

  /** The given settings (empty ones skipped). */
  @SafeVarargs
  public static TechniqueSettings of(Optional<? extends TechniqueSetting>... settings) {
    EnumMap<Technique, TechniqueSetting> map = new EnumMap<>(Technique.class);
    for (Optional<? extends TechniqueSetting> s : settings) {
      s.ifPresent(
          v -> {
            if (map.put(v.technique(), v) != null) {
              throw new IllegalArgumentException("two settings for " + v.technique().id());
            }
          });
    }
    return new TechniqueSettings(map);
  }

  /** These settings with {@code setting} added or replacing the technique's previous one. */
  public TechniqueSettings with(TechniqueSetting setting) {
    EnumMap<Technique, TechniqueSetting> map = copy();
    map.put(setting.technique(), setting);
    return new TechniqueSettings(map);
  }

  /** These settings with the technique's setting set to {@code setting}, or removed when empty. */
  public TechniqueSettings with(Technique technique, Optional<? extends TechniqueSetting> setting) {
    setting.ifPresent(
        s -> {
          if (s.technique() != technique) {
            throw new IllegalArgumentException(
                "a " + s.technique().id() + " setting given for " + technique.id());
          }
        });
    EnumMap<Technique, TechniqueSetting> map = copy();
    map.remove(technique);
    setting.ifPresent(s -> map.put(technique, s));
    return new TechniqueSettings(map);
  }

  /** These settings without the technique. */
  public TechniqueSettings without(Technique technique) {
    return with(technique, Optional.empty());
  }

  private EnumMap<Technique, TechniqueSetting> copy() {
    EnumMap<Technique, TechniqueSetting> map = new EnumMap<>(Technique.class);
    map.putAll(settings);
    return map;
  }

  /** Whether the technique is used. */
  public boolean uses(Technique technique) {
    return settings.containsKey(technique);
  }

  /** The technique's setting, if used. */
  public Optional<TechniqueSetting> get(Technique technique) {
    return Optional.ofNullable(settings.get(technique));
  }

  /** The technique's setting as its record type, if used. */
  public <T extends TechniqueSetting> Optional<T> get(Technique technique, Class<T> type) {
    return get(technique).map(type::cast);
  }

  /** Every setting, in {@link Technique} order. */
  public List<TechniqueSetting> all() {
    return List.copyOf(settings.values());
  }

  public boolean isEmpty() {
    return settings.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TechniqueSettings other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return settings.values().toString();
  }
}
