package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The spec plug-ins of every technique, in the order of their registration file (the order of their
 * deployment keys and of their blocks in the IR text). A test checks that every {@link Technique}
 * has exactly one.
 */
public final class TechniqueSpecs {
  private static final List<TechniqueSpec> ALL = load();

  private TechniqueSpecs() {}

  private static List<TechniqueSpec> load() {
    List<TechniqueSpec> out = new ArrayList<>();
    Map<Technique, TechniqueSpec> seen = new EnumMap<>(Technique.class);
    for (TechniqueSpec s :
        ServiceLoader.load(TechniqueSpec.class, TechniqueSpec.class.getClassLoader())) {
      if (seen.put(s.technique(), s) != null) {
        throw new IllegalStateException("two spec plug-ins for " + s.technique().id());
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** The plug-in of one technique. */
  public static TechniqueSpec of(Technique technique) {
    for (TechniqueSpec s : ALL) {
      if (s.technique() == technique) {
        return s;
      }
    }
    throw new IllegalStateException("no spec plug-in registered for " + technique.id());
  }

  /** Every registered plug-in, in registration order. */
  public static List<TechniqueSpec> all() {
    return ALL;
  }

  /** The deployment keys the plug-ins add, in registration order. */
  public static List<String> blockKeys() {
    return ALL.stream().flatMap(s -> s.block().stream()).map(BlockSpec::key).toList();
  }

  /** The plug-in whose option has this key, if any. */
  public static Optional<TechniqueSpec> forOption(String key) {
    return ALL.stream().filter(s -> s.technique().id().equals(key)).findFirst();
  }
}
