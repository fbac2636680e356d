package dev.servplan.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** P0607: only unified groups with pp 1 may partition their SMs. */
class SmPartitionVerifyTest {
  private final PlanVerifier verifier = new PlanVerifier(PlanFixtures.COST);

  private List<PlanCode> codes(Plan plan) {
    return verifier.verify(plan, Optional.of(PlanFixtures.spec())).violations().stream()
        .map(Violation::code)
        .toList();
  }

  @Test
  void aPartitionedUnifiedGroupIsValid() {
    Plan plan =
        PlanFixtures.plan(
            List.of(PlanFixtures.h100Group(Role.UNIFIED, 2, 1, 0).with((new SmSplit(0.6)))));
    assertThat(codes(plan)).doesNotContain(PlanCode.P0607).doesNotContain(PlanCode.P0101);
  }

  @Test
  void aPartitionedDecodeGroupIsP0607() {
    Plan plan =
        PlanFixtures.plan(
            List.of(
                PlanFixtures.h100Group(Role.PREFILL, 1, 1, 0),
                PlanFixtures.h100Group(Role.DECODE, 1, 1, 1).with((new SmSplit(0.4)))));
    assertThat(codes(plan)).contains(PlanCode.P0607);
  }
}
