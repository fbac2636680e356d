package dev.servplan.hwdb.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelMath;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyticalCostModelTest {
  private final AnalyticalCostModel model = AnalyticalCostModel.calibrated();
  private final StaticBatchEstimator estimator = new StaticBatchEstimator(model);

  private StaticBatchEstimate estimate(InstanceConfig config, int batch, int in, int out) {
    return estimator.estimate(config, batch, in, out, MemoryOptions.DEFAULT);
  }

  @Test
  void biggerBatchGivesMoreThroughputAndLongerTpot() {
    InstanceConfig config = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    StaticBatchEstimate previous = null;
    for (int batch : new int[] {1, 4, 16, 64, 256}) {
      StaticBatchEstimate e = estimate(config, batch, 512, 128);
      if (previous != null) {
        assertThat(e.outputThroughput().perSecond())
            .as("batch %d", batch)
            .isGreaterThan(previous.outputThroughput().perSecond());
        assertThat(e.meanTpot().seconds())
            .as("batch %d", batch)
            .isGreaterThan(previous.meanTpot().seconds());
      }
      previous = e;
    }
  }

  @Test
  void h200DecodesFasterThanH100() {
    InstanceConfig h100 = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    InstanceConfig h200 = TestModels.config("llama-3.1-8b", "h200-sxm-141gb", 1, 1);
    for (int batch : new int[] {1, 32}) {
      assertThat(estimate(h200, batch, 1024, 256).meanTpot())
          .isLessThan(estimate(h100, batch, 1024, 256).meanTpot());
    }
  }

  @Test
  void fp8WeightsDecodeFasterThanBf16AtBatchOne() {
    InstanceConfig bf16 = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    InstanceConfig fp8 = bf16.withWeightDtype(Dtype.FP8);
    double ratio =
        estimate(fp8, 1, 128, 128).meanTpot().seconds()
            / estimate(bf16, 1, 128, 128).meanTpot().seconds();
    // Weight streaming dominates at batch 1: half the bytes, a bit less than half the time saved.
    assertThat(ratio).isBetween(0.45, 0.8);
  }

  @Test
  void seventyBillionInBf16DoesNotFitOneEightyGigabyteGpu() {
    InstanceConfig one = TestModels.config("llama-3.1-70b", "h100-sxm-80gb", 1, 1);
    MemoryEstimate memory = model.memory(one);
    assertThat(memory.fits()).isFalse();
    assertThat(memory.weights().gb()).isGreaterThan(memory.capacity().gb());
    assertThat(model.memory(one.withParallelism(2, 1, 1)).fits()).isTrue();
  }

  @Test
  void tensorParallelTwoHalvesWeightsPerGpu() {
    InstanceConfig tp1 = TestModels.config("llama-3.1-70b", "h200-sxm-141gb", 1, 1);
    InstanceConfig tp2 = tp1.withParallelism(2, 1, 1);
    assertThat(model.memory(tp2).weights().bytes() / model.memory(tp1).weights().bytes())
        .isCloseTo(0.5, within(0.01));
    assertThat(model.memory(tp2).kvBytesPerToken() / model.memory(tp1).kvBytesPerToken())
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void weightsMatchTheCatalogParameterCount() {
    for (String id :
        List.of("llama-3.1-8b", "mixtral-8x7b", "deepseek-v3", "llama-2-70b", "gpt-j-6b")) {
      InstanceConfig config =
          TestModels.config(id, "h200-sxm-141gb", 1, 1).withWeightDtype(Dtype.BF16);
      double expected = ModelMath.weightBytes(config.model(), Dtype.BF16).bytes();
      assertThat(model.memory(config).weights().bytes())
          .as(id)
          .isCloseTo(expected, within(expected * 0.01));
      assertThat(model.memory(config).kvBytesPerToken())
          .as(id)
          .isCloseTo(
              ModelMath.kvBytesPerToken(config.model(), config.kvDtype()).bytes(), within(1e-6));
    }
  }

  @Test
  void decodeStepGrowsWithContextAndKvDtypeMatters() {
    InstanceConfig config = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    IterationCost shortCtx = model.iteration(config, BatchShape.decode(64, 512));
    IterationCost longCtx = model.iteration(config, BatchShape.decode(64, 8192));
    assertThat(longCtx.attention()).isGreaterThan(shortCtx.attention());
    assertThat(longCtx.gemm()).isEqualTo(shortCtx.gemm());
    IterationCost fp8Kv =
        model.iteration(config.withKvDtype(Dtype.FP8), BatchShape.decode(64, 8192));
    assertThat(fp8Kv.attention().seconds())
        .isCloseTo(longCtx.attention().seconds() / 2, within(longCtx.attention().seconds() * 0.05));
  }

  @Test
  void breakdownAddsUpToTotal() {
    InstanceConfig config = TestModels.config("mixtral-8x7b", "h100-sxm-80gb", 4, 2);
    BatchShape batch = new BatchShape(List.of(new PrefillChunk(512, 1024)), 32, 32 * 2000L);
    IterationCost c = model.iteration(config, batch);
    double parts =
        c.gemm().seconds()
            + c.attention().seconds()
            + c.communication().seconds()
            + c.elementwise().seconds()
            + c.overhead().seconds();
    assertThat(c.total().seconds()).isCloseTo(parts, within(1e-12));
    assertThat(c.communication().seconds()).isPositive();
  }

  @Test
  void moeReadsEachTouchedExpertOnce() {
    InstanceConfig config = TestModels.config("mixtral-8x7b", "h100-sxm-80gb", 2, 1);
    // One token touches 2 of 8 experts; 256 tokens touch all 8, so weight traffic grows 4x, not
    // 256x.
    double one = model.iteration(config, BatchShape.decode(1, 100)).gemm().seconds();
    double many = model.iteration(config, BatchShape.decode(256, 100)).gemm().seconds();
    assertThat(many / one).isBetween(2.0, 8.0);
  }

  @Test
  void pipelineWithOneSequenceIdlesStages() {
    InstanceConfig pp1 = TestModels.config("llama-2-70b", "h100-sxm-80gb", 2, 1);
    InstanceConfig pp2 = pp1.withParallelism(2, 2, 1);
    // Batch 1 cannot fill two stages: no faster than pp=1 (each stage reads half the weights).
    assertThat(model.iteration(pp2, BatchShape.decode(1, 100)).total().seconds())
        .isGreaterThanOrEqualTo(
            model.iteration(pp1, BatchShape.decode(1, 100)).total().seconds() * 0.95);
  }

  @Test
  void maxBatchFillsTheKvCache() {
    InstanceConfig config = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    MemoryEstimate memory = model.memory(config);
    int max = memory.maxBatch(2048 + 128);
    assertThat(max).isPositive();
    assertThat(memory.kvFor(max, 2176).bytes()).isLessThanOrEqualTo(memory.kvCapacity().bytes());
    assertThat(memory.kvFor(max + 1, 2176).bytes()).isGreaterThan(memory.kvCapacity().bytes());
    assertThat(estimate(config, max, 2048, 128).fits()).isTrue();
    assertThat(estimate(config, max + 1, 2048, 128).fits()).isFalse();
  }

  @Test
  void problemsNameImpossibleConfigurations() {
    InstanceConfig base = TestModels.config("llama-2-70b", "a100-sxm-80gb", 1, 1);
    assertThat(base.withParallelism(3, 1, 1).problems())
        .anyMatch(p -> p.contains("64 attention heads") && p.contains("tp=3"));
    assertThat(base.withParallelism(1, 3, 1).problems())
        .anyMatch(p -> p.contains("80 layers") && p.contains("pp=3"));
    assertThat(base.withParallelism(16, 1, 1).problems()).anyMatch(p -> p.contains("tp=16"));
    assertThat(base.withWeightDtype(Dtype.FP8).problems()).anyMatch(p -> p.contains("fp8"));
    assertThat(base.withKvDtype(Dtype.FP8).problems()).anyMatch(p -> p.contains("kv cache"));
    assertThat(base.withParallelism(2, 1, 2).problems()).anyMatch(p -> p.contains("dense"));
    assertThat(base.withParallelism(8, 2, 1).problems()).isEmpty();
  }

  @Test
  void iterationIsFastEnoughForTheSolver() {
    InstanceConfig config = TestModels.config("llama-3.1-8b", "h100-sxm-80gb", 1, 1);
    BatchShape batch = new BatchShape(List.of(new PrefillChunk(256, 0)), 64, 64 * 1000L);
    double sum = 0;
    // Not a timing assertion: checks that repeated calls use the prepared cache and stay
    // consistent.
    for (int i = 0; i < 20000; i++) {
      sum += model.iteration(config, batch).total().seconds();
    }
    assertThat(sum / 20000)
        .isCloseTo(model.iteration(config, batch).total().seconds(), within(1e-12));
  }
}
