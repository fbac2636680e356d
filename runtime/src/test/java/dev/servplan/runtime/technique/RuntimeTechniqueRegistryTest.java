package dev.servplan.runtime.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.TechniqueChecks;
import org.junit.jupiter.api.Test;

class RuntimeTechniqueRegistryTest {
  @Test
  void everyTechniqueHasAVerifierCheckInItsOwnPackage() {
    assertThat(TechniqueChecks.all().keySet()).containsExactlyInAnyOrder(Technique.values());
    for (TechniqueCheck c : TechniqueChecks.all().values()) {
      assertThat(c.getClass().getPackageName()).startsWith("dev.servplan.runtime.technique.");
    }
  }
}
