package dev.servplan.hwdb.technique.smpartition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.PrefillChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phase times on SM shares: linear compute, saturating bandwidth, DRAM contention. */
class SmPartitionTest {
  static final CostModel MODEL = AnalyticalCostModel.calibrated();
  static final InstanceConfig LLAMA70_TP4 =
      InstanceConfig.of(
          Catalogs.models().find("llama-3.1-70b").orElseThrow(),
          Catalogs.gpus().find("h100-sxm-80gb").orElseThrow(),
          4,
          1,
          Catalogs.links().find("nvlink4").orElseThrow());
  static final BatchShape DECODE = BatchShape.decode(32, 6000);
  static final BatchShape PREFILL = new BatchShape(List.of(new PrefillChunk(8192, 0)), 0, 0);

  static double full(BatchShape b) {
    return MODEL.iteration(LLAMA70_TP4, b).total().seconds();
  }

  @Test
  void bandwidthSaturatesAtTheSaturationShare() {
    assertThat(SmPartition.bandwidthCap(0.2)).isEqualTo(0.5);
    assertThat(SmPartition.bandwidthCap(SmPartition.SATURATION_SHARE)).isEqualTo(1);
    assertThat(SmPartition.bandwidthCap(0.9)).isEqualTo(1);
  }

  @Test
  void memoryBoundDecodeLosesLittleOnHalfTheSms() {
    double alone = new SmPartition(0.5).decodeSeconds(MODEL, LLAMA70_TP4, DECODE, BatchShape.EMPTY);
    assertThat(alone).isGreaterThanOrEqualTo(full(DECODE) * 0.999).isLessThan(full(DECODE) * 1.15);
    // On 20% of the SMs decode gets half the bandwidth: markedly slower.
    double starved =
        new SmPartition(0.8).decodeSeconds(MODEL, LLAMA70_TP4, DECODE, BatchShape.EMPTY);
    assertThat(starved).isGreaterThan(full(DECODE) * 1.5);
  }

  @Test
  void computeBoundPrefillScalesWithItsShare() {
    double t = new SmPartition(0.5).prefillSeconds(MODEL, LLAMA70_TP4, PREFILL, BatchShape.EMPTY);
    assertThat(t / full(PREFILL)).isBetween(1.7, 2.1);
  }

  @Test
  void concurrentStreamsContendForBandwidth() {
    SmPartition p = new SmPartition(0.5);
    double alone = p.decodeSeconds(MODEL, LLAMA70_TP4, DECODE, BatchShape.EMPTY);
    double shared = p.decodeSeconds(MODEL, LLAMA70_TP4, DECODE, PREFILL);
    // A long compute-bound chunk draws little bandwidth: no contention.
    assertThat(shared).isGreaterThanOrEqualTo(alone);
    // Two memory-bound streams together demand more than the bus carries: both slow down.
    assertThat(p.decodeSeconds(MODEL, LLAMA70_TP4, DECODE, DECODE)).isGreaterThan(alone * 1.1);
    // Still faster than carrying the same prefill chunk in the decode iteration.
    BatchShape mixed = new BatchShape(PREFILL.prefills(), 32, DECODE.decodeContextTokens());
    assertThat(shared).isLessThan(full(mixed));
  }

  @Test
  void dramSecondsAreAboutTheWeightsOverTheBandwidth() {
    // Decode of a 70B bf16 model on tp 4 reads ~35 GB per GPU: ~10 ms at 3.35 TB/s and the
    // fitted memory efficiency; the probe must find that order of magnitude.
    double m = SmPartition.dramSeconds(MODEL, LLAMA70_TP4, DECODE, 1);
    assertThat(m).isBetween(0.008, 0.02);
  }

  @Test
  void rejectsSharesOutsideTheOpenInterval() {
    assertThatThrownBy(() -> new SmPartition(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SmPartition(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
