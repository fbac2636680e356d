package dev.servplan.hwdb.technique.kvcompression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** KIVI storage, memory and decode-attention terms, and the eviction budget. */
class KvCompressionTest {
  static final CostModel MODEL = AnalyticalCostModel.calibrated();
  static final InstanceConfig BF16 =
      InstanceConfig.of(
              Catalogs.models().find("llama-3.1-8b").orElseThrow(),
              Catalogs.gpus().find("h100-sxm-80gb").orElseThrow(),
              1,
              1,
              Catalogs.links().find("nvlink4").orElseThrow())
          .withKvDtype(Dtype.BF16);

  @Test
  void kiviFormatsCarryGroupScales() {
    assertThat(KvCompression.bytesPerElement(Dtype.INT4)).isCloseTo(0.625, within(1e-12));
    assertThat(KvCompression.bytesPerElement(Dtype.INT2)).isCloseTo(0.375, within(1e-12));
    assertThat(KvCompression.bytesPerElement(Dtype.FP8)).isEqualTo(1.0);
    assertThat(KvCompression.bytesPerElement(Dtype.BF16)).isEqualTo(2.0);
  }

  @Test
  void quantizedCacheHoldsMoreTokens() {
    assertThat(BF16.withKvDtype(Dtype.INT4).problems()).isEmpty();
    MemoryEstimate full = MODEL.memory(BF16);
    MemoryEstimate int4 = MODEL.memory(BF16.withKvDtype(Dtype.INT4));
    MemoryEstimate int2 = MODEL.memory(BF16.withKvDtype(Dtype.INT2));
    assertThat(int4.kvBytesPerToken()).isCloseTo(full.kvBytesPerToken() * 0.3125, within(1e-6));
    assertThat(int4.maxKvTokens()).isGreaterThan(3 * full.maxKvTokens());
    assertThat(int2.maxKvTokens()).isGreaterThan(5 * full.maxKvTokens());
  }

  @Test
  void longContextDecodeReadsFewerBytesButPaysDequantization() {
    BatchShape batch = BatchShape.decode(32, 32_768);
    double full = MODEL.iteration(BF16, batch).attention().seconds();
    double int4 = MODEL.iteration(BF16.withKvDtype(Dtype.INT4), batch).attention().seconds();
    // Memory-bound: the bytes fall to 0.3125 of bf16; the dequantization adds back a part.
    assertThat(int4).isLessThan(full * 0.5).isGreaterThan(full * 0.3125);
  }

  @Test
  void budgetCapsKeptTokens() {
    assertThat(KvCompression.keptTokens(32_000L, OptionalLong.of(2048))).isEqualTo(2048);
    assertThat(KvCompression.keptTokens(1000L, OptionalLong.of(2048))).isEqualTo(1000);
    assertThat(KvCompression.keptTokens(32_000L, OptionalLong.empty())).isEqualTo(32_000);
  }
}
