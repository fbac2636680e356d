package dev.servplan.runtime.technique.kvcompression;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSpec;
import dev.servplan.compiler.technique.kvcompression.KvTolerance;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.PlanContext;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A group's compressed KV format (P0502, P0503): a KIVI format must be declared by the group's
 * kv_compression block, and is allowed by the spec's tolerance, not its precisions.
 */
public final class KvCompressionCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    KvCompressionSetting kc = (KvCompressionSetting) setting;
    Dtype kv = target.view().group().kvDtype();
    if (kc.dtype().isPresent() && !tolerated(kv, target.plan())) {
      out.add(
          Violation.of(
              PlanCode.P0503,
              target.path() + ".kv_compression",
              "kv_compression",
              kv.id(),
              "formats (options.kv_compression: "
                  + target
                      .plan()
                      .spec()
                      .flatMap(s -> KvTolerance.of(s.spec().options()))
                      .map(t -> t.text())
                      .orElse("none")
                  + ")"));
    }
  }

  @Override
  public boolean declaresKvDtype(TechniqueSetting setting, Dtype kv) {
    return ((KvCompressionSetting) setting).dtype().filter(d -> d == kv).isPresent();
  }

  @Override
  public boolean allowsKvDtype(TechniqueSetting setting, Dtype kv, PlanContext plan) {
    return ((KvCompressionSetting) setting).dtype().isPresent() && tolerated(kv, plan);
  }

  @Override
  public Optional<String> undeclaredKvDtype(Dtype kv) {
    if (kv != Dtype.INT4 && kv != Dtype.INT2) {
      return Optional.empty();
    }
    return Optional.of(
        "kv cache dtype "
            + kv.id()
            + " is KIVI compression; the group must say so with kv_compression: {dtype: "
            + kv.id()
            + "}");
  }

  private static boolean tolerated(Dtype kv, PlanContext plan) {
    return plan.spec()
        .map(s -> KvCompressionSpec.formats(s.spec().options()).contains(kv))
        .orElse(true);
  }
}
