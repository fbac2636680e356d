package dev.servplan.solver.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Technique;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SolverTechniqueRegistryTest {
  @Test
  void everyTechniqueHasExactlyOneSolverPlugInInItsOwnPackage() {
    Set<Technique> seen = EnumSet.noneOf(Technique.class);
    for (TechniqueChoices c : TechniqueRegistry.all()) {
      assertThat(seen.add(c.technique())).as("second plug-in for " + c.technique()).isTrue();
      assertThat(c.getClass().getPackageName())
          .startsWith("dev.servplan.solver.technique.")
          .isNotEqualTo("dev.servplan.solver.technique");
    }
    assertThat(seen).containsExactlyInAnyOrder(Technique.values());
  }

  @Test
  void onlyTheTiersRelieveMemory() {
    // The memory-pressure rule applies to the techniques that only move memory off the GPU.
    assertThat(
            TechniqueRegistry.all().stream()
                .filter(TechniqueChoices::relievesMemory)
                .map(TechniqueChoices::technique))
        .containsExactlyInAnyOrder(Technique.OFFLOAD, Technique.EXPERT_OFFLOAD);
  }
}
