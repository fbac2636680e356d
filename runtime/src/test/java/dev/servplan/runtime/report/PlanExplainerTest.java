package dev.servplan.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The explanation names cost against the baseline, memory, the iteration split and the binding
 * constraint.
 */
class PlanExplainerTest {
  @Test
  void explainsEachDeployment() {
    String text = PlanExplainer.calibrated().explain(Plans.disaggregated());
    assertThat(text).contains("this plan saves $19.92/h (25%)");
    assertThat(text)
        .contains("binding constraint: rate: predicted 12.4 requests/s against 12 requests/s");
    assertThat(text).contains("decode step (256 sequences").contains("prefill chunk (8192 tokens)");
    assertThat(text).containsPattern("communication [0-9.]+%");
    assertThat(text).contains("baseline group: 4 x 8 h100-sxm-80gb");
    Golden.assertFile("explain/disaggregated.txt", text);
  }

  @Test
  void saysWhenThereIsNoBaseline() {
    assertThat(PlanExplainer.calibrated().explain(Plans.unified()))
        .contains("no naive plan fits the inventory");
  }

  @Test
  void speculatingGroupShowsExpectedTokensAndTheGainThatFadesWithBatch() {
    Plan plan = Plans.unified();
    PlanDeployment d = plan.deployments().get(0);
    Group g = d.groups().get(0).with((new Speculation("llama-3.2-1b", 4, 0.75)));
    Plan spec =
        new Plan(
            plan.spec(),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), List.of(g))),
            plan.inventory());
    String text = PlanExplainer.calibrated().explain(spec);
    assertThat(text)
        .contains("speculative decoding: on: draft llama-3.2-1b proposes 4 tokens per step")
        .contains("E = 3.05 tokens per step");
    Matcher m = Pattern.compile("at 1 sequence: .* without \\((-[0-9.]+)%\\)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    assertThat(PlanExplainer.calibrated().explain(plan)).contains("speculative decoding: off");
  }

  @Test
  void compressedGroupShowsItsFormatAndBudget() {
    Plan plan = Plans.unified();
    PlanDeployment d = plan.deployments().get(0);
    Group g =
        Plans.compressed(
            d.groups().get(0), dev.servplan.hwdb.catalog.Dtype.INT4, Optional.of(2048));
    Plan compressed =
        new Plan(
            plan.spec(),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), List.of(g))),
            plan.inventory());
    String text = PlanExplainer.calibrated().explain(compressed);
    assertThat(text)
        .contains("kv compression: int4 KV cache (KIVI")
        .contains("0.625 bytes per element instead of 2: 40 KiB per token instead of 128 in bf16")
        .contains("kv compression: eviction budget 2048 tokens")
        .contains("2048 tokens of context each");
    assertThat(PlanExplainer.calibrated().explain(plan)).doesNotContain("kv compression");
  }

  @Test
  void loraGroupShowsAdaptersSlotsAndKernelTime() {
    Plan plan = Plans.unified();
    PlanDeployment d = plan.deployments().get(0);
    dev.servplan.compiler.technique.lora.LoraPlan lora =
        new dev.servplan.compiler.technique.lora.LoraPlan(
            50,
            16,
            List.of(
                new dev.servplan.compiler.technique.lora.LoraPlan.AdapterSet(
                    "tenant", 50, 16, 0.8, Optional.empty())));
    Group g = d.groups().get(0).with((lora));
    Plan withLora =
        new Plan(
            plan.spec(),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), List.of(g))),
            plan.inventory());
    String text = PlanExplainer.calibrated().explain(withLora);
    assertThat(text)
        .contains("LoRA: 50 adapters (tenant 50 x rank 16, 80%; base model 20%)")
        .contains("max_loras 50 slots of rank 16")
        .contains("a merged copy of the model per adapter would need at least 51 instances");
    Matcher m = Pattern.compile("their kernels add .* \\(\\+([0-9.]+)%\\)").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isPositive();
    assertThat(PlanExplainer.calibrated().explain(plan)).doesNotContain("LoRA:");
  }
}
