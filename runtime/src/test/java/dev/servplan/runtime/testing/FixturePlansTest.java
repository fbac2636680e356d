package dev.servplan.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import org.junit.jupiter.api.Test;

/**
 * The fixture plans as files (golden/plans/*.plan.json), for the CLI tests and .ci/report-check.sh;
 * each must read back to the same plan.
 */
class FixturePlansTest {
  @Test
  void fixtureFilesMatchTheRecordsAndRoundTrip() {
    for (String name : new String[] {"disaggregated", "unified"}) {
      var plan = name.equals("unified") ? Plans.unified() : Plans.disaggregated();
      String json = PlanIo.write(plan, PlanFormat.JSON);
      Golden.assertFile("plans/" + name + ".plan.json", json);
      PlanIo.ReadResult back = PlanIo.read(json, PlanFormat.JSON);
      assertThat(back.errors()).isEmpty();
      assertThat(PlanIo.write(back.plan().orElseThrow(), PlanFormat.JSON)).isEqualTo(json);
    }
  }
}
