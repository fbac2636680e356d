package dev.servplan.runtime.technique.kvcompression;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.technique.kvcompression.KvCompression;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.TechniqueExplainer;
import java.util.Optional;

/**
 * The explain lines of a group's kv_compression (docs/techniques.md, "KV-cache compression"): its
 * format and budget, and under an eviction budget a full decode step attends to at most the budget.
 */
public final class KvCompressionExplainer implements TechniqueExplainer {
  @Override
  public Technique technique() {
    return Technique.KV_COMPRESSION;
  }

  /** Under an eviction budget a sequence attends to at most the budget. */
  @Override
  public double attendedContext(Group g, double context, double kvTokensPerSequence) {
    return KvCompressionSetting.of(g)
        .flatMap(kc -> kc.evictionBudget())
        .map(b -> Math.min((double) b, kvTokensPerSequence))
        .orElse(context);
  }

  @Override
  public void group(PlanDeployment deployment, Group g, StringBuilder out) {
    Optional<ModelArch> model = Catalogs.models().find(deployment.model());
    if (KvCompressionSetting.of(g).isEmpty()) {
      return;
    }
    KvCompressionSetting kc = KvCompressionSetting.of(g).get();
    kc.dtype()
        .ifPresent(
            d -> {
              out.append("    kv compression: ").append(d.id()).append(" KV cache");
              if (KvCompression.isGroupQuantized(d)) {
                out.append(" (KIVI: keys per channel, values per token, groups of ")
                    .append(KvCompression.KIVI_GROUP_ELEMENTS)
                    .append(" with a 16-bit scale and zero point)");
              }
              out.append(", ")
                  .append(Quantities.formatNumber(KvCompression.bytesPerElement(d)))
                  .append(" bytes per element instead of 2");
              model.ifPresent(
                  m ->
                      out.append(": ")
                          .append(kib(ModelMath.kvBytesPerToken(m, d)))
                          .append(" KiB per token instead of ")
                          .append(kib(ModelMath.kvBytesPerToken(m, Dtype.BF16)))
                          .append(" in bf16"));
              out.append("; more sequences fit and decode attention reads fewer bytes")
                  .append(KvCompression.isGroupQuantized(d) ? ", plus dequantization" : "")
                  .append('\n');
            });
    kc.evictionBudget()
        .ifPresent(
            b ->
                out.append("    kv compression: eviction budget ")
                    .append(b)
                    .append(" tokens: a request keeps and attends to at most ")
                    .append(b)
                    .append(
                        " KV tokens (heavy hitters and recent tokens, H2O); longer contexts"
                            + " evict the rest\n"));
  }

  private static String kib(Bytes b) {
    return Quantities.formatNumber(Math.round(b.bytes() / 1024.0 * 10) / 10.0);
  }
}
