package dev.servplan.runtime.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.runtime.technique.smpartition.SmPartitionFlags;
import dev.servplan.runtime.testing.Plans;
import org.junit.jupiter.api.Test;

/** SM partitioning: SGLang PD multiplexing flags and config; refusals elsewhere. */
class SmPartitionEmitTest {
  static Plan partitioned(double prefill) {
    Plan plan = Plans.unified();
    Group g = plan.deployments().get(0).groups().get(0);
    return EmitRulesTest.replaceGroup(plan, 0, g.with((new SmSplit(prefill))));
  }

  @Test
  void sglangRunsPdMultiplexingWithTheSplit() {
    EmitResult r = new SglangEmitter().emit(partitioned(0.7), EmitOptions.DEFAULT);
    assertThat(r.ok()).as("%s", r.errors()).isTrue();
    String script =
        r.files().stream()
            .filter(f -> f.path().endsWith(".sh"))
            .findFirst()
            .orElseThrow()
            .content();
    assertThat(script)
        .contains("--enable-pdmux")
        .contains("--disable-overlap-schedule")
        .contains("--chunked-prefill-size -1")
        .contains("--max-prefill-tokens")
        .contains("--pdmux-config-path \"$here/")
        .contains("here=\"$(cd");
    String config =
        r.files().stream()
            .filter(f -> f.path().endsWith(".pdmux.yaml"))
            .findFirst()
            .orElseThrow()
            .content();
    // The fixture's GPU is an H100 SXM (132 SMs): 70% is 92.4, rounded to 96; decode 36 → 32.
    assertThat(config).contains("sm_group_num: 3").contains("  - [96, 32, 0]");
  }

  @Test
  void splitsAreMultiplesOfEightSms() {
    Group g = partitioned(0.2).deployments().get(0).groups().get(0);
    int[] sms = SmPartitionFlags.sms(g, SmSplit.of(g).get());
    assertThat(sms[0] % 8).isZero();
    assertThat(sms[1] % 8).isZero();
    assertThat(sms[0] + sms[1]).isLessThanOrEqualTo(sms[2]);
    assertThat(sms[0]).isGreaterThanOrEqualTo(8);
  }

  @Test
  void vllmTrtllmAndK8sRefuseWithAHint() {
    Plan p = partitioned(0.5);
    for (Emitter e : new Emitter[] {new VllmEmitter(), new TrtllmEmitter(), new K8sEmitter()}) {
      EmitResult r = e.emit(p, EmitOptions.DEFAULT);
      assertThat(r.ok()).isFalse();
      assertThat(r.errors())
          .anyMatch(
              m ->
                  m.contains("partitions SMs")
                      && m.contains("--option sm_partitioning=never")
                      && m.contains("--option engine="));
    }
  }

  @Test
  void unpartitionedPlansMentionNoPdMultiplexing() {
    EmitResult r = new SglangEmitter().emit(Plans.unified(), EmitOptions.DEFAULT);
    assertThat(r.files()).noneMatch(f -> f.content().contains("pdmux"));
  }
}
