package dev.servplan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FleetSpecTest {
  @Test
  void generatedFleetIsAValidSpecOfTheAdvertisedShape() {
    SpecCompiler.Compilation c =
        SpecCompiler.compile(SourceFile.of("fleet.yaml", FleetSpec.yaml("30s")), Path.of("."));
    assertThat(c.diagnostics()).isEmpty();
    ValidIr valid = c.valid().orElseThrow();
    assertThat(valid.deployments()).hasSize(20);
    assertThat(valid.pools()).hasSize(8);
    int gpus = valid.pools().stream().mapToInt(p -> p.count()).sum();
    assertThat(gpus).isEqualTo(FleetSpec.totalGpus()).isBetween(9_500, 10_500);
    assertThat(valid.deployments().stream().map(d -> d.model().id()).distinct())
        .containsExactlyInAnyOrder(
            "llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "qwen2.5-72b", "mistral-7b");
    assertThat(valid.spec().options().timeLimit().value().seconds()).isEqualTo(30.0);
  }

  @Test
  void generationIsDeterministic() {
    assertThat(FleetSpec.yaml("30s")).isEqualTo(FleetSpec.yaml("30s"));
  }
}
