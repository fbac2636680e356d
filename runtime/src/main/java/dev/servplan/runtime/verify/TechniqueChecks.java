package dev.servplan.runtime.verify;

import dev.servplan.compiler.ir.Technique;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered {@link TechniqueCheck}s by technique; a test checks every technique has one. */
public final class TechniqueChecks {
  private static final Map<Technique, TechniqueCheck> ALL = load();

  private TechniqueChecks() {}

  private static Map<Technique, TechniqueCheck> load() {
    Map<Technique, TechniqueCheck> out = new EnumMap<>(Technique.class);
    for (TechniqueCheck c :
        ServiceLoader.load(TechniqueCheck.class, TechniqueCheck.class.getClassLoader())) {
      if (out.put(c.technique(), c) != null) {
        throw new IllegalStateException("two verifier checks for " + c.technique().id());
      }
    }
    return Map.copyOf(out);
  }

  public static Map<Technique, TechniqueCheck> all() {
    return ALL;
  }

  public static Optional<TechniqueCheck> of(Technique technique) {
    return Optional.ofNullable(ALL.get(technique));
  }
}
