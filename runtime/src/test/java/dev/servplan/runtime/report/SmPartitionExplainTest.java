package dev.servplan.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.runtime.testing.Plans;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** explain names the split and compares the streams with the whole GPU and chunked prefill. */
class SmPartitionExplainTest {
  @Test
  void partitionedGroupShowsItsSharesAndTimes() {
    Plan plan = Plans.unified();
    PlanDeployment d = plan.deployments().get(0);
    Group g = d.groups().get(0).with((new SmSplit(0.6)));
    Plan split =
        new Plan(
            plan.spec(),
            plan.costPerHour(),
            plan.objective(),
            plan.solver(),
            plan.baseline(),
            List.of(new PlanDeployment(d.name(), d.model(), d.predicted(), d.slack(), List.of(g))),
            plan.inventory());
    String text = PlanExplainer.calibrated().explain(split);
    assertThat(text)
        .contains("SM partitioning: prefill stream on 60% of each GPU's SMs, decode stream on 40%")
        .contains("with chunked prefill the decode step carrying that chunk would take");
    // The prefill chunk on 60% of the SMs is slower than on the whole GPU.
    Matcher m =
        Pattern.compile("prefill chunk \\([0-9]+ tokens\\): ([0-9.]+)ms on its SMs vs ([0-9.]+)ms")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isGreaterThan(Double.parseDouble(m.group(2)));
    assertThat(PlanExplainer.calibrated().explain(plan)).contains("SM partitioning: off");
  }
}
