package dev.servplan.compiler.ir;

import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.compiler.technique.TechniqueOptions;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import dev.servplan.hwdb.unit.Quantities;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one canonical text form of the IR, used by golden tests, {@code servplan check --print-ir}
 * and debugging. Units are normalized: seconds, tokens, requests/s, $/GPU-hour, fractions as
 * percent. Spans are left out: two specs with the same meaning print the same, whatever their
 * syntax.
 */
public final class IrPrinter {
  private final StringBuilder out = new StringBuilder();

  private IrPrinter() {}

  public static String print(Spec spec) {
    IrPrinter p = new IrPrinter();
    p.spec(spec);
    return p.out.toString();
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  private static String techniques(Options o) {
    StringBuilder out = new StringBuilder();
    for (Technique t : Technique.values()) {
      String value =
          Optional.ofNullable(o.techniqueOptions().get(t))
              .map(TechniqueOptions::text)
              .orElse(o.toggle(t).value().id());
      out.append(' ').append(t.id()).append('=').append(value);
    }
    return out.toString();
  }

  private void spec(Spec spec) {
    line(0, "spec " + spec.name());
    line(1, "objective " + spec.objective().value().id());
    Options o = spec.options();
    line(
        1,
        "options disaggregation="
            + o.disaggregation().value().id()
            + " max_tp="
            + o.maxTp().value()
            + " max_pp="
            + o.maxPp().value()
            + " time_limit="
            + seconds(o.timeLimit().value().seconds())
            + o.budget().map(b -> " budget=" + b.value()).orElse("")
            + " engine="
            + o.engine().value().id()
            + techniques(o));
    for (ModelDef m : spec.models()) {
      line(1, "model " + m.name().value() + " " + modelSource(m.source()));
    }
    for (Pool p : spec.pools()) {
      line(
          1,
          "pool "
              + p.name().value()
              + " gpu="
              + p.gpu().value()
              + " count="
              + p.count().value()
              + opt(" gpus_per_node=", p.gpusPerNode().map(v -> String.valueOf(v.value())))
              + opt(" interconnect=", p.interconnect().map(Val::value))
              + opt(" network=", p.network().map(Val::value))
              + opt(" price=", p.price().map(v -> v.value().toString())));
    }
    for (Deployment d : spec.deployments()) {
      deployment(d);
    }
  }

  private void deployment(Deployment d) {
    line(1, "deployment " + d.name().value() + " model=" + d.model().value());
    if (!d.pools().isEmpty()) {
      line(2, "pools " + list(d.pools().stream().map(Val::value).toList()));
    }
    line(
        2,
        "precision weights="
            + list(d.weights().stream().map(v -> v.value().id()).toList())
            + " kv_cache="
            + list(d.kvCache().stream().map(v -> v.value().id()).toList()));
    Workload w = d.workload();
    line(
        2,
        "workload rate="
            + Quantities.formatNumber(w.rate().value().perSecond())
            + "/s arrival="
            + arrival(w.arrival()));
    line(3, "input_tokens " + dist(w.input()));
    line(3, "output_tokens " + dist(w.output()));
    w.prefix()
        .ifPresent(
            p ->
                line(
                    3,
                    "prefix shared_tokens="
                        + p.sharedTokens().value()
                        + " hit_rate="
                        + p.hitRate().value()));
    line(2, "slo attainment=" + d.slo().attainment().value());
    for (Slo.Target t : d.slo().targets()) {
      line(
          3,
          t.metric().id()
              + " "
              + t.percentile().id()
              + " <= "
              + seconds(t.limit().value().seconds()));
    }
    for (TechniqueSpec spec : TechniqueSpecs.all()) {
      TechniqueBlock block = d.blocks().get(spec.technique());
      if (block != null) {
        block.irLines().forEach(text -> line(2, text));
      }
    }
  }

  private static String modelSource(ModelDef.Source source) {
    if (source instanceof ModelDef.Base b) {
      return "base=" + b.catalogId().value();
    }
    if (source instanceof ModelDef.HfConfig h) {
      return "hf_config=" + h.path().value();
    }
    ModelDef.Explicit e = (ModelDef.Explicit) source;
    String numbers =
        e.numbers().entrySet().stream()
            .map(x -> x.getKey() + "=" + x.getValue().value())
            .collect(Collectors.joining(" "));
    String words =
        e.words().entrySet().stream()
            .map((Map.Entry<String, Val<String>> x) -> x.getKey() + "=" + x.getValue().value())
            .collect(Collectors.joining(" "));
    return ("explicit " + numbers + " " + words).trim();
  }

  private static String arrival(Arrival a) {
    switch (a.kind()) {
      case POISSON:
        return "poisson";
      case GAMMA:
        return "gamma(cv=" + Quantities.formatNumber(((Arrival.Gamma) a).cv().value()) + ")";
      case TRACE:
        return "trace(" + ((Arrival.Trace) a).path().value() + ")";
      default:
        throw new AssertionError(a.kind());
    }
  }

  private static String dist(LengthDist d) {
    StringBuilder b = new StringBuilder(d.kind().value().id());
    b.append(" mean=").append(Quantities.formatNumber(d.mean().value()));
    stat(b, "p50", d.p50());
    stat(b, "p99", d.p99());
    stat(b, "min", d.min());
    stat(b, "max", d.max());
    return b.toString();
  }

  private static void stat(StringBuilder b, String name, Optional<Val<Double>> value) {
    value.ifPresent(
        v -> b.append(' ').append(name).append('=').append(Quantities.formatNumber(v.value())));
  }

  private static String seconds(double s) {
    return Quantities.formatNumber(s) + "s";
  }

  private static String opt(String prefix, Optional<String> value) {
    return value.map(v -> prefix + v).orElse("");
  }

  private static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }
}
