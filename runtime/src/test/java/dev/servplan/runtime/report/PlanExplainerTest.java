package dev.servplan.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import org.junit.jupiter.api.Test;

/** The explanation names cost against the baseline, memory, the iteration split and the binding constraint. */
class PlanExplainerTest {
  @Test
  void explainsEachDeployment() {
    String text = PlanExplainer.calibrated().explain(Plans.disaggregated());
    assertThat(text).contains("this plan saves $19.92/h (25%)");
    assertThat(text).contains("binding constraint: rate: predicted 12.4 requests/s against 12 requests/s");
    assertThat(text).contains("decode step (256 sequences").contains("prefill chunk (8192 tokens)");
    assertThat(text).containsPattern("communication [0-9.]+%");
    assertThat(text).contains("baseline group: 4 x 8 h100-sxm-80gb");
    Golden.assertFile("explain/disaggregated.txt", text);
  }

  @Test
  void saysWhenThereIsNoBaseline() {
    assertThat(PlanExplainer.calibrated().explain(Plans.unified())).contains("no naive plan fits the inventory");
  }
}
