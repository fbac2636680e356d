package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import dev.servplan.hwdb.catalog.Dtype;
import java.util.List;
import java.util.Objects;

/** One served model with its workload and SLOs. */
public record Deployment(
    Val<String> name,
    Span span,
    Val<String> model,
    List<Val<String>> pools,
    List<Val<Dtype>> weights,
    List<Val<Dtype>> kvCache,
    Workload workload,
    Slo slo) {
  public Deployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(model, "model");
    pools = List.copyOf(pools);
    weights = List.copyOf(weights);
    kvCache = List.copyOf(kvCache);
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(slo, "slo");
  }

  public Deployment withWorkload(Workload newWorkload) {
    return new Deployment(name, span, model, pools, weights, kvCache, newWorkload, slo);
  }
}
