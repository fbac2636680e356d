package dev.servplan.compiler.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Technique;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TechniqueRegistryTest {
  @Test
  void everyTechniqueHasExactlyOnePlanCodecWithItsOwnKey() {
    Set<Technique> seen = EnumSet.noneOf(Technique.class);
    for (PlanCodec c : PlanCodecs.all()) {
      assertThat(seen.add(c.technique())).as("second codec for " + c.technique()).isTrue();
      assertThat(PlanCodecs.of(c.technique())).isSameAs(c);
    }
    assertThat(seen).containsExactlyInAnyOrder(Technique.values());
    List<String> keys = PlanCodecs.all().stream().map(PlanCodec::key).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }

  @Test
  void codecsLiveInTheirTechniquesPackage() {
    for (PlanCodec c : PlanCodecs.all()) {
      String pkg = c.getClass().getPackageName();
      assertThat(pkg).startsWith("dev.servplan.compiler.technique.");
      assertThat(pkg).isNotEqualTo("dev.servplan.compiler.technique");
    }
  }

  @Test
  void everyTechniqueHasPhysicsInItsOwnPackage() {
    assertThat(GroupPhysics.all().keySet()).containsExactlyInAnyOrder(Technique.values());
    for (TechniquePhysics p : GroupPhysics.all().values()) {
      assertThat(p.getClass().getPackageName())
          .isEqualTo(PlanCodecs.of(p.technique()).getClass().getPackageName());
    }
  }
}
