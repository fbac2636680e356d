package dev.servplan.compiler.technique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.lower.SpecSchema;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spec side of the technique registry: one {@link TechniqueSpec} per technique. */
class TechniqueSpecRegistryTest {
  @Test
  void everyTechniqueHasExactlyOneSpecPlugIn() {
    Set<Technique> seen = EnumSet.noneOf(Technique.class);
    for (TechniqueSpec s :
        ServiceLoader.load(TechniqueSpec.class, TechniqueSpec.class.getClassLoader())) {
      assertThat(seen.add(s.technique())).as("second spec plug-in for " + s.technique()).isTrue();
    }
    assertThat(seen)
        .as("techniques with a spec plug-in")
        .containsExactlyInAnyOrder(Technique.values());
    for (Technique t : Technique.values()) {
      assertThat(TechniqueSpecs.of(t).technique()).isEqualTo(t);
    }
    assertThat(TechniqueSpecs.all()).hasSize(Technique.values().length);
  }

  @Test
  void eachPlugInLivesInItsTechniquesPackageNextToItsPlanCodec() {
    for (TechniqueSpec s : TechniqueSpecs.all()) {
      String pkg = s.getClass().getPackageName();
      assertThat(pkg).startsWith("dev.servplan.compiler.technique.");
      assertThat(pkg)
          .as("package of the spec plug-in and the plan codec of " + s.technique().id())
          .isEqualTo(PlanCodecs.of(s.technique()).getClass().getPackageName());
    }
  }

  @Test
  void blockKeysAreDistinctFromEachOtherAndFromTheDeploymentsOwnKeys() {
    List<String> keys = TechniqueSpecs.blockKeys();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(SpecSchema.DEPLOYMENT_KEYS).doesNotHaveDuplicates().containsAll(keys);
    for (TechniqueSpec s : TechniqueSpecs.all()) {
      s.block()
          .ifPresent(
              b ->
                  assertThat(b.getClass().getPackageName())
                      .isEqualTo(s.getClass().getPackageName()));
    }
  }

  @Test
  void anyEngineRunsEveryTechniqueAndEachConcreteEngineAsksThePlugIn() {
    for (Technique t : Technique.values()) {
      assertThat(Engine.ANY.supports(t)).isTrue();
      for (Engine e : Engine.ANY.concrete()) {
        assertThat(e.supports(t)).isEqualTo(TechniqueSpecs.of(t).runsOn(e));
      }
    }
  }

  @Test
  void optionKeysAreTheTechniqueIds() {
    for (Technique t : Technique.values()) {
      assertThat(SpecSchema.OPTION_KEYS).contains(t.id());
      assertThat(TechniqueSpecs.forOption(t.id())).containsSame(TechniqueSpecs.of(t));
    }
  }
}
