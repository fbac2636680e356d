package dev.servplan.hwdb.technique.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adapter sizes, the balls-into-bins count of distinct adapters, memory and kernel time. */
class LoraServingTest {
  static final LinkSpec NVLINK = Catalogs.links().find("nvlink4").orElseThrow();
  static final ModelArch LLAMA8B = Catalogs.models().find("llama-3.1-8b").orElseThrow();
  static final InstanceConfig TP1 =
      InstanceConfig.of(LLAMA8B, Catalogs.gpus().find("h100-sxm-80gb").orElseThrow(), 1, 1, NVLINK);
  static final AnalyticalCostModel MODEL = AnalyticalCostModel.calibrated();

  @Test
  void rank16OnAllLinearLayersOfLlama8bHas42MParameters() {
    // PEFT reports 41,943,040 trainable parameters for r = 16 on q,k,v,o,gate,up,down of
    // Llama-3-8B: 32 layers × 16 × (8192 + 5120 + 5120 + 8192 + 3 × 18432).
    assertThat(LoraServing.parameters(LLAMA8B, 16)).isEqualTo(41_943_040.0);
  }

  @Test
  void distinctAdaptersFollowBallsIntoBins() {
    LoraServing fifty = LoraServing.allResident(List.of(new LoraServing.Family(50, 16, 1.0)));
    assertThat(fifty.expectedDistinct(0)).isZero();
    assertThat(fifty.expectedDistinct(1)).isCloseTo(1.0, within(1e-12));
    assertThat(fifty.expectedDistinct(50)).isCloseTo(50 * (1 - Math.pow(0.98, 50)), within(1e-9));
    assertThat(fifty.expectedDistinct(10_000)).isCloseTo(50, within(1e-6));
    // Half the traffic on the base model: a request names an adapter half the time.
    LoraServing half = LoraServing.allResident(List.of(new LoraServing.Family(50, 16, 0.5)));
    assertThat(half.expectedDistinct(1)).isCloseTo(0.5, within(1e-12));
    assertThat(half.loraShare()).isEqualTo(0.5);
  }

  @Test
  void slotsComeOutOfTheKvBudget() {
    LoraServing lora =
        LoraServing.allResident(
            List.of(new LoraServing.Family(40, 16, 0.6), new LoraServing.Family(2, 64, 0.2)));
    assertThat(lora.maxLoras()).isEqualTo(42);
    assertThat(lora.maxRank()).isEqualTo(64);
    MemoryEstimate base = MODEL.memory(TP1);
    MemoryEstimate with = lora.withAdapters(TP1, base);
    double slot = LoraServing.parameters(LLAMA8B, 64) * 2;
    assertThat(lora.reservePerGpu(TP1).bytes()).isCloseTo(42 * slot, within(1.0));
    assertThat(base.kvCapacity().bytes() - with.kvCapacity().bytes())
        .isCloseTo(42 * slot, within(1.0));
    assertThat(with.maxKvTokens()).isLessThan(base.maxKvTokens());
  }

  @Test
  void kernelTimeGrowsWithDistinctAdaptersAndIsMemoryBoundAtDecode() {
    LoraServing lora = LoraServing.allResident(List.of(new LoraServing.Family(50, 16, 1.0)));
    double one = MODEL.loraSeconds(TP1, lora, 64, 1);
    double many = MODEL.loraSeconds(TP1, lora, 64, 30);
    assertThat(one).isPositive();
    // Memory-bound: each further adapter in the batch costs one read of its 84 MB slot.
    double perAdapter =
        lora.slotBytesPerGpu(TP1).bytes()
            / (TP1.gpu().memoryBandwidthBytesPerS() * MODEL.parameters().memoryEfficiency());
    assertThat(many - one).isCloseTo(29 * perAdapter, within(1e-9));
    // 30 adapters × 84 MB at ~3 TB/s: about a millisecond, a few % of an 8B decode step.
    assertThat(many).isBetween(0.5e-3, 3e-3);
    assertThat(MODEL.loraSeconds(TP1, lora, 0, 0)).isZero();
  }

  @Test
  void rejectsRanksAboveTheSlotRank() {
    assertThatThrownBy(() -> new LoraServing(List.of(new LoraServing.Family(1, 32, 1.0)), 1, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
