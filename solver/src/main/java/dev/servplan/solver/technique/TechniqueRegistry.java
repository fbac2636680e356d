package dev.servplan.solver.technique;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.solver.QueueModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The solver parts of every technique, in the order of their registration file (the order the
 * enumerator expands them in). A test checks that every {@link Technique} has exactly one.
 */
public final class TechniqueRegistry {
  private static final List<TechniqueChoices> ALL = load();

  private TechniqueRegistry() {}

  private static List<TechniqueChoices> load() {
    List<TechniqueChoices> out = new ArrayList<>();
    Map<Technique, TechniqueChoices> seen = new EnumMap<>(Technique.class);
    for (TechniqueChoices c :
        ServiceLoader.load(TechniqueChoices.class, TechniqueChoices.class.getClassLoader())) {
      if (seen.put(c.technique(), c) != null) {
        throw new IllegalStateException("two solver plug-ins for " + c.technique().id());
      }
      out.add(c);
    }
    return List.copyOf(out);
  }

  /** Every registered plug-in, in registration order. */
  public static List<TechniqueChoices> all() {
    return ALL;
  }

  /** The plug-in of one technique. */
  public static TechniqueChoices of(Technique technique) {
    for (TechniqueChoices c : ALL) {
      if (c.technique() == technique) {
        return c;
      }
    }
    throw new IllegalStateException("no solver plug-in registered for " + technique.id());
  }

  /** The first technique's own queueing model of {@code owner}'s instance, if any claims it. */
  public static Optional<QueueOverride> queueOverride(QueueModel owner) {
    for (TechniqueChoices c : ALL) {
      Optional<QueueOverride> q = c.queue(owner);
      if (q.isPresent()) {
        return q;
      }
    }
    return Optional.empty();
  }

  /** The lossiness of a candidate's settings: the sum over its techniques. */
  public static int lossiness(TechniqueSettings settings) {
    int sum = 0;
    for (TechniqueSetting s : settings.all()) {
      sum += of(s.technique()).lossiness(s);
    }
    return sum;
  }
}
