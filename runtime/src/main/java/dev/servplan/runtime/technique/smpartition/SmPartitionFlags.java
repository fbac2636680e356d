package dev.servplan.runtime.technique.smpartition;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.EngineLaunch;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Emitting SM partitioning (a group's {@code sm_partition}). SGLang runs it as PD multiplexing:
 * {@code --enable-pdmux} with a {@code --pdmux-config-path} YAML whose {@code manual_divisions} row
 * {@code [prefill_sms, decode_sms, 0]} is the split used whenever both phases have work
 * (sgl-project/sglang {@code python/sglang/srt/multiplex/pdmux_context.py}); PD multiplexing needs
 * {@code --disable-overlap-schedule} and {@code --chunked-prefill-size -1} ({@code
 * server_args.py}), so the plan's prefill token budget becomes {@code --max-prefill-tokens}. vLLM
 * and TensorRT-LLM have no SM partitioning, so they refuse such a group.
 */
public final class SmPartitionFlags implements EngineFlags {
  /**
   * Green-context SM groups are allocated in multiples of 8 SMs with at least 8 per group on Hopper
   * (SGLang {@code pdmux_context.get_arch_constraints}: 8, 8 for compute capability 9.x; 4, 2 for
   * 8.x), so both parts are rounded to multiples of 8.
   */
  static final int SM_GRANULE = 8;

  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public List<String> refusals(EngineGroup group) {
    Optional<SmSplit> split = SmSplit.of(group.group());
    if (split.isEmpty()) {
      return List.of();
    }
    if (group.engine() != Engine.SGLANG) {
      return List.of(
          group.where()
              + "the plan partitions SMs between prefill and decode (sm_partition prefill "
              + percent(split.get().prefill())
              + "), which "
              + group.engine().title()
              + " cannot run; emit for sglang (PD multiplexing), or recompile with --option"
              + " engine="
              + group.engine().id()
              + " or --option sm_partitioning=never");
    }
    if (sms(group.group(), split.get()).length == 0) {
      return List.of(
          group.where()
              + "the catalog has no SM count for gpu '"
              + group.group().gpu()
              + "', needed to split it for PD multiplexing");
    }
    return List.of();
  }

  /**
   * Rewrites SGLang's arguments for PD multiplexing: chunked prefill off, the plan's prefill budget
   * as {@code --max-prefill-tokens}, overlap scheduling off, and the config file, one per group.
   */
  @Override
  public void contribute(EngineGroup group, EngineLaunch launch) {
    Optional<SmSplit> split = SmSplit.of(group.group());
    if (split.isEmpty()) {
      return;
    }
    Group g = group.group();
    String config =
        launch.groupFile(group.label() + ".pdmux.yaml", pdmuxConfig(g, sms(g, split.get())));
    launch.replaceValue("--chunked-prefill-size", "-1");
    launch.lastFlag("--max-prefill-tokens", Integer.toString(g.maxNumBatchedTokens()));
    launch.lastFlag("--disable-overlap-schedule");
    launch.lastFlag("--enable-pdmux");
    launch.lastFlag("--pdmux-config-path", config);
  }

  /**
   * Prefill and decode SMs per GPU for the split (multiples of 8), and the GPU's SMs; empty when
   * the catalog has no SM count for the GPU.
   */
  public static int[] sms(Group g, SmSplit split) {
    int total =
        Catalogs.gpus().find(g.gpu()).map(gpu -> gpu.smCount()).filter(n -> n > 0).orElse(0);
    if (total < 2 * SM_GRANULE) {
      return new int[0];
    }
    int prefill = (int) Math.round(split.prefill() * total / SM_GRANULE) * SM_GRANULE;
    prefill = Math.max(SM_GRANULE, Math.min(prefill, total - SM_GRANULE));
    int decode = (total - prefill) / SM_GRANULE * SM_GRANULE;
    return new int[] {prefill, decode, total};
  }

  /** The PD-multiplexing config: one division, used at every decode batch size. */
  static String pdmuxConfig(Group g, int[] sms) {
    return String.format(
        Locale.ROOT,
        "# SGLang PD multiplexing for servplan's sm_partition (prefill %s) on %s:\n"
            + "# %d prefill + %d decode SMs of %d, multiples of %d for green contexts.\n"
            + "# Rows are [prefill_sms, decode_sms, decode batch threshold].\n"
            + "sm_group_num: 3\n"
            + "manual_divisions:\n"
            + "  - [%d, %d, 0]\n",
        percent(SmSplit.of(g).orElseThrow().prefill()),
        g.gpu(),
        sms[0],
        sms[1],
        sms[2],
        SM_GRANULE,
        sms[0],
        sms[1]);
  }

  static String percent(double share) {
    return Math.round(share * 100) + "% of SMs";
  }
}
