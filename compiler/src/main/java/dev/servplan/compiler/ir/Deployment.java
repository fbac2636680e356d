package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One served model with its workload, SLOs and the blocks of the techniques that add one to a
 * deployment ({@link TechniqueBlock}, at most one per technique, read through the technique
 * package's typed accessor).
 */
public record Deployment(
    Val<String> name,
    Span span,
    Val<String> model,
    List<Val<String>> pools,
    List<Val<Dtype>> weights,
    List<Val<Dtype>> kvCache,
    Workload workload,
    Slo slo,
    Map<Technique, TechniqueBlock> blocks) {
  public Deployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(model, "model");
    pools = List.copyOf(pools);
    weights = List.copyOf(weights);
    kvCache = List.copyOf(kvCache);
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(slo, "slo");
    EnumMap<Technique, TechniqueBlock> copy = new EnumMap<>(Technique.class);
    blocks.forEach(
        (t, b) -> {
          if (b.technique() != t) {
            throw new IllegalArgumentException(
                "a " + b.technique().id() + " block given for " + t.id());
          }
          copy.put(t, b);
        });
    blocks = Collections.unmodifiableMap(copy);
  }

  /** The technique's block, as the technique's own type, if the deployment has one. */
  public <T extends TechniqueBlock> Optional<T> block(Technique technique, Class<T> type) {
    return Optional.ofNullable(blocks.get(technique)).map(type::cast);
  }

  public Deployment withWorkload(Workload newWorkload) {
    return new Deployment(name, span, model, pools, weights, kvCache, newWorkload, slo, blocks);
  }

  public Deployment withSlo(Slo newSlo) {
    return new Deployment(name, span, model, pools, weights, kvCache, workload, newSlo, blocks);
  }
}
