package dev.servplan.compiler.technique;

import dev.servplan.compiler.ir.Technique;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The plan codecs of every technique, in the order of their registration file (the order their
 * blocks appear in a written group). A test checks that every {@link Technique} has exactly one.
 */
public final class PlanCodecs {
  private static final List<PlanCodec> ALL = load();

  private PlanCodecs() {}

  private static List<PlanCodec> load() {
    List<PlanCodec> out = new ArrayList<>();
    Map<Technique, PlanCodec> seen = new EnumMap<>(Technique.class);
    for (PlanCodec c : ServiceLoader.load(PlanCodec.class, PlanCodec.class.getClassLoader())) {
      if (seen.put(c.technique(), c) != null) {
        throw new IllegalStateException("two plan codecs for " + c.technique().id());
      }
      out.add(c);
    }
    return List.copyOf(out);
  }

  /** The codec of one technique. */
  public static PlanCodec of(Technique technique) {
    for (PlanCodec c : ALL) {
      if (c.technique() == technique) {
        return c;
      }
    }
    throw new IllegalStateException("no plan codec registered for " + technique.id());
  }

  /** Every registered codec, in registration order. */
  public static List<PlanCodec> all() {
    return ALL;
  }
}
