package dev.servplan.runtime.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The runtime's technique parts, each in the order of its registration file under {@code
 * META-INF/services} of the runtime module: the {@link EngineFlags} the engine emitters iterate and
 * the {@link TechniqueExplainer}s the plan explainer iterates. A test checks that every {@link
 * Technique} has exactly one of each.
 */
public final class RuntimeTechniques {
  private static final List<EngineFlags> ENGINE_FLAGS =
      load(EngineFlags.class, EngineFlags::technique);
  private static final List<TechniqueExplainer> EXPLAINERS =
      load(TechniqueExplainer.class, TechniqueExplainer::technique);

  private RuntimeTechniques() {}

  private static <T> List<T> load(Class<T> type, Function<T, Technique> technique) {
    List<T> out = new ArrayList<>();
    Map<Technique, T> seen = new EnumMap<>(Technique.class);
    for (T part : ServiceLoader.load(type, type.getClassLoader())) {
      if (seen.put(technique.apply(part), part) != null) {
        throw new IllegalStateException(
            "two " + type.getSimpleName() + " parts for " + technique.apply(part).id());
      }
      out.add(part);
    }
    return List.copyOf(out);
  }

  private static <T> T of(List<T> parts, Function<T, Technique> technique, Technique wanted) {
    for (T part : parts) {
      if (technique.apply(part) == wanted) {
        return part;
      }
    }
    throw new IllegalStateException("no runtime part registered for " + wanted.id());
  }

  /** Every registered engine-flags part, in registration order. */
  public static List<EngineFlags> engineFlags() {
    return ENGINE_FLAGS;
  }

  /** The engine-flags part of one technique. */
  public static EngineFlags engineFlags(Technique technique) {
    return of(ENGINE_FLAGS, EngineFlags::technique, technique);
  }

  /** Every registered explain part, in registration order. */
  public static List<TechniqueExplainer> explainers() {
    return EXPLAINERS;
  }

  /** The explain part of one technique. */
  public static TechniqueExplainer explainer(Technique technique) {
    return of(EXPLAINERS, TechniqueExplainer::technique, technique);
  }
}
