package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One served model with its workload, SLOs, (optionally) a speculative-decoding draft and the LoRA
 * adapters it serves (empty when it serves only the base model).
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
    Optional<Speculative> speculative,
    List<Adapter> adapters) {
  public Deployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(model, "model");
    pools = List.copyOf(pools);
    weights = List.copyOf(weights);
    kvCache = List.copyOf(kvCache);
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(speculative, "speculative");
    adapters = List.copyOf(adapters);
  }

  /** A deployment without LoRA adapters. */
  public Deployment(
      Val<String> name,
      Span span,
      Val<String> model,
      List<Val<String>> pools,
      List<Val<Dtype>> weights,
      List<Val<Dtype>> kvCache,
      Workload workload,
      Slo slo,
      Optional<Speculative> speculative) {
    this(name, span, model, pools, weights, kvCache, workload, slo, speculative, List.of());
  }

  public Deployment withWorkload(Workload newWorkload) {
    return new Deployment(
        name, span, model, pools, weights, kvCache, newWorkload, slo, speculative, adapters);
  }

  public Deployment withSlo(Slo newSlo) {
    return new Deployment(
        name, span, model, pools, weights, kvCache, workload, newSlo, speculative, adapters);
  }
}
