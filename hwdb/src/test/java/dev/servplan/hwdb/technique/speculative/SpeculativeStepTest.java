package dev.servplan.hwdb.technique.speculative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.InstanceConfig;
import org.junit.jupiter.api.Test;

/** Expected tokens per step (Leviathan et al. 2023) and the verify batch shape. */
class SpeculativeStepTest {
  static final LinkSpec NVLINK = Catalogs.links().find("nvlink4").orElseThrow();
  static final InstanceConfig DRAFT =
      InstanceConfig.of(
          Catalogs.models().find("llama-3.2-1b").orElseThrow(),
          Catalogs.gpus().find("h100-sxm-80gb").orElseThrow(),
          1,
          1,
          NVLINK);

  @Test
  void expectedTokensFollowsTheGeometricSeries() {
    // alpha = 0.75, k = 4: 1 + .75 + .5625 + .421875 + .31640625 = 3.05078125
    assertThat(new SpeculativeStep(DRAFT, 0.75, 4).expectedTokens())
        .isCloseTo(3.05078125, within(1e-12));
    assertThat(new SpeculativeStep(DRAFT, 0.5, 1).expectedTokens()).isCloseTo(1.5, within(1e-12));
    assertThat(new SpeculativeStep(DRAFT, 0.2, 16).expectedTokens()).isLessThan(1.25);
  }

  @Test
  void verifyRunsKPlusOneTokensPerSequence() {
    SpeculativeStep s = new SpeculativeStep(DRAFT, 0.7, 3);
    BatchShape v = s.verifyShape(BatchShape.decode(8, 1000));
    assertThat(v.decodeSequences()).isZero();
    assertThat(v.prefills()).hasSize(8).allMatch(c -> c.tokens() == 4 && c.cachedTokens() == 1000);
    assertThat(v.tokens()).isEqualTo(32);
  }

  @Test
  void rejectsDegenerateParameters() {
    assertThatThrownBy(() -> new SpeculativeStep(DRAFT, 1.0, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SpeculativeStep(DRAFT, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
