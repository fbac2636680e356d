package dev.servplan.runtime.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodecs;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every technique has exactly one engine-flags part and one explain part, in its own package. */
class TechniqueRegistryTest {
  @Test
  void everyTechniqueHasExactlyOneEngineFlagsPart() {
    Set<Technique> seen = EnumSet.noneOf(Technique.class);
    for (EngineFlags f : RuntimeTechniques.engineFlags()) {
      assertThat(seen.add(f.technique())).as("second engine flags for " + f.technique()).isTrue();
      assertThat(RuntimeTechniques.engineFlags(f.technique())).isSameAs(f);
    }
    assertThat(seen).containsExactlyInAnyOrder(Technique.values());
  }

  @Test
  void everyTechniqueHasExactlyOneExplainPart() {
    Set<Technique> seen = EnumSet.noneOf(Technique.class);
    for (TechniqueExplainer e : RuntimeTechniques.explainers()) {
      assertThat(seen.add(e.technique())).as("second explainer for " + e.technique()).isTrue();
      assertThat(RuntimeTechniques.explainer(e.technique())).isSameAs(e);
    }
    assertThat(seen).containsExactlyInAnyOrder(Technique.values());
  }

  @Test
  void partsLiveInTheirTechniquesPackageNamedAsInTheCompiler() {
    assertPackages(RuntimeTechniques.engineFlags(), EngineFlags::technique);
    assertPackages(RuntimeTechniques.explainers(), TechniqueExplainer::technique);
  }

  private static <T> void assertPackages(List<T> parts, Function<T, Technique> technique) {
    for (T part : parts) {
      String compiler = PlanCodecs.of(technique.apply(part)).getClass().getPackageName();
      String name = compiler.substring(compiler.lastIndexOf('.') + 1);
      assertThat(part.getClass().getPackageName())
          .as(part.getClass().getName())
          .isEqualTo("dev.servplan.runtime.technique." + name);
    }
  }
}
