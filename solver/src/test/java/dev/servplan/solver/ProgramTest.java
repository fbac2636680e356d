package dev.servplan.solver;

import static dev.servplan.solver.Fixtures.deployment;
import static dev.servplan.solver.Fixtures.pool;
import static dev.servplan.solver.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgramTest {
  private static final ValidIr IR =
      Specs.valid(
          spec(
              pool("h", "h100-sxm-80gb", 64),
              deployment("a", "llama-3.1-8b", 20, "1s", "60ms", "")
                  + deployment("b", "llama-3.1-8b", 20, "1s", "60ms", ""),
              "minimize-cost",
              ""));

  /** Candidates: per deployment a unified, a prefill and a decode one (indices 3d, 3d+1, 3d+2). */
  private static Program program() {
    InstanceConfig config = SpeculativeDecodingTest.tp(IR, 1);
    InstanceModel instance =
        InstanceModel.of(Fixtures.SOLVER_COST, config, MemoryOptions.DEFAULT, List.of());
    List<Candidate> candidates = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      ResolvedDeployment dep = IR.deployments().get(d);
      for (Role role : List.of(Role.UNIFIED, Role.PREFILL, Role.DECODE)) {
        candidates.add(
            new Candidate(
                d,
                dep.pools().get(0),
                role,
                instance,
                64,
                2048,
                null,
                5,
                0,
                null,
                TechniqueSettings.NONE));
      }
    }
    return new Program(
        candidates,
        new long[] {20_000, 20_000},
        IR.pools(),
        new int[] {64},
        Objective.MINIMIZE_COST,
        OptionalLong.empty(),
        1);
  }

  @Test
  void prefillWithoutDecodeIsDroppedAndPairsAreKept() {
    Program p = program();
    // Deployment a: 4 unified and 2 prefill with no decode; b: a prefill/decode pair.
    long[] counts = {4, 2, 0, 0, 3, 3};
    long[] trimmed = p.withoutUnpairedRoles(counts);
    assertThat(trimmed).containsExactly(4, 0, 0, 0, 3, 3);
    assertThat(p.totalCost(trimmed)).isLessThan(p.totalCost(counts));
    assertThat(counts).containsExactly(4, 2, 0, 0, 3, 3);
  }

  @Test
  void decodeWithoutPrefillIsDropped() {
    long[] trimmed = program().withoutUnpairedRoles(new long[] {4, 0, 1, 4, 0, 0});
    assertThat(trimmed).containsExactly(4, 0, 0, 4, 0, 0);
  }
}
