package dev.servplan.runtime.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.compiler.plan.Predicted;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.runtime.testing.Golden;
import dev.servplan.runtime.testing.Plans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group matching, deltas, each --fail-on condition, and the rendered forms. */
class PlanDiffTest {
  static Plan withCost(Plan p, double cost) {
    return new Plan(
        p.spec(),
        new HourlyPrice(cost),
        p.objective(),
        p.solver(),
        p.baseline(),
        p.deployments(),
        p.inventory());
  }

  static Plan withDeployment(Plan p, PlanDeployment d) {
    List<PlanDeployment> ds = new ArrayList<>(p.deployments());
    ds.set(0, d);
    return new Plan(
        p.spec(), p.costPerHour(), p.objective(), p.solver(), p.baseline(), ds, p.inventory());
  }

  @Test
  void identicalPlansTripNothing() {
    PlanDiff diff = PlanDiff.between(Plans.disaggregated(), Plans.disaggregated());
    assertThat(diff.unchanged()).isTrue();
    for (FailOn f : FailOn.values()) {
      assertThat(f.holds(diff)).as(f.id()).isFalse();
    }
    assertThat(DiffRenderer.text(diff)).contains("no changes");
  }

  @Test
  void costIncreaseTripsCostAndAnyButNotSlo() {
    PlanDiff diff = PlanDiff.between(Plans.disaggregated(), withCost(Plans.disaggregated(), 64.74));
    assertThat(FailOn.COST_INCREASE.holds(diff)).isTrue();
    assertThat(FailOn.ANY.holds(diff)).isTrue();
    assertThat(FailOn.SLO_REGRESSION.holds(diff)).isFalse();
    assertThat(diff.costDeltaFraction())
        .hasValueSatisfying(
            f -> assertThat(f).isCloseTo(4.98 / 59.76, org.assertj.core.data.Offset.offset(1e-9)));
    PlanDiff cheaper =
        PlanDiff.between(withCost(Plans.disaggregated(), 64.74), Plans.disaggregated());
    assertThat(FailOn.COST_INCREASE.holds(cheaper)).isFalse();
  }

  @Test
  void slowerPredictionIsAnSloRegression() {
    Plan old = Plans.disaggregated();
    PlanDeployment d = old.deployments().get(0);
    Predicted slower =
        new Predicted(
            d.predicted().ttftP99(),
            Duration.ofMillis(55),
            d.predicted().requestsPerS(),
            d.predicted().sloAttainment());
    Plan neu =
        withDeployment(old, new PlanDeployment(d.name(), d.model(), slower, d.slack(), d.groups()));
    PlanDiff diff = PlanDiff.between(old, neu);
    assertThat(FailOn.SLO_REGRESSION.holds(diff)).isTrue();
    assertThat(FailOn.COST_INCREASE.holds(diff)).isFalse();
    assertThat(FailOn.SLO_REGRESSION.reason(diff)).contains("predicted SLO regresses for chat");
    Predicted lowerAttainment =
        new Predicted(
            d.predicted().ttftP99(),
            d.predicted().tpotP99(),
            d.predicted().requestsPerS(),
            new Fraction(0.98));
    assertThat(
            FailOn.SLO_REGRESSION.holds(
                PlanDiff.between(
                    old,
                    withDeployment(
                        old,
                        new PlanDeployment(
                            d.name(), d.model(), lowerAttainment, d.slack(), d.groups())))))
        .isTrue();
  }

  @Test
  void groupsAreMatchedByRolePoolAndGpu() {
    Plan old = Plans.disaggregated();
    PlanDeployment d = old.deployments().get(0);
    Group prefill = d.groups().get(0);
    Group morePrefill =
        Plans.group(
            prefill.role(),
            d.model(),
            3,
            4,
            1,
            1,
            prefill.weights(),
            prefill.kvDtype(),
            prefill.maxNumSeqs(),
            prefill.maxNumBatchedTokens(),
            prefill.memoryPerGpu(),
            2.49,
            Plans.packed(3, 4, 1, 8, 3));
    Plan neu =
        withDeployment(
            old,
            new PlanDeployment(
                d.name(), d.model(), d.predicted(), d.slack(), List.of(morePrefill)));
    PlanDiff diff = PlanDiff.between(old, neu);
    List<PlanDiff.GroupChange> groups = diff.deployments().get(0).groups();
    assertThat(groups)
        .extracting(PlanDiff.GroupChange::kind)
        .containsExactly(PlanDiff.ChangeKind.CHANGED, PlanDiff.ChangeKind.REMOVED);
    assertThat(groups.get(0).fields())
        .contains("instances: 2 -> 3", "gpus: 8 -> 12", "placement: moved");
    assertThat(FailOn.ANY.holds(diff)).isTrue();
    assertThat(FailOn.SLO_REGRESSION.holds(diff)).isFalse();
  }

  @Test
  void removedDeploymentIsARegression() {
    Plan old = Plans.unified();
    Plan neu =
        new Plan(
            old.spec(),
            old.costPerHour(),
            old.objective(),
            old.solver(),
            old.baseline(),
            List.of(old.deployments().get(0)),
            old.inventory());
    assertThat(FailOn.SLO_REGRESSION.holds(PlanDiff.between(old, neu))).isTrue();
    assertThat(FailOn.SLO_REGRESSION.holds(PlanDiff.between(neu, old))).isFalse();
  }

  @Test
  void renderedForms() {
    PlanDiff diff = PlanDiff.between(Plans.disaggregated(), Plans.unified());
    Golden.assertFile("diff/disaggregated-to-unified.txt", DiffRenderer.text(diff));
    Golden.assertFile(
        "diff/disaggregated-to-unified.json", DiffRenderer.json(diff).toPrettyString() + "\n");
  }

  @Test
  void failOnParsesItsIds() {
    assertThat(FailOn.parse("cost-increase")).contains(FailOn.COST_INCREASE);
    assertThat(FailOn.parse("slo-regression")).contains(FailOn.SLO_REGRESSION);
    assertThat(FailOn.parse("any")).contains(FailOn.ANY);
    assertThat(FailOn.parse("sometimes")).isEmpty();
  }
}
