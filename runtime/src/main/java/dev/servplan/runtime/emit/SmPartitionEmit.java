package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.hwdb.catalog.Catalogs;
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
 * and TensorRT-LLM have no SM partitioning, so their emitters refuse such a group.
 */
final class SmPartitionEmit {
  private SmPartitionEmit() {}

  /**
   * Green-context SM groups are allocated in multiples of 8 SMs with at least 8 per group on Hopper
   * (SGLang {@code pdmux_context.get_arch_constraints}: 8, 8 for compute capability 9.x; 4, 2 for
   * 8.x), so both parts are rounded to multiples of 8.
   */
  static final int SM_GRANULE = 8;

  /** The refusal for an engine without SM partitioning, or empty when the group has none. */
  static Optional<String> refusal(Instance inst, String engine, String target) {
    Group g = inst.group();
    return SmSplit.of(g)
        .map(
            split ->
                "deployment '"
                    + inst.deployment().name()
                    + "' group "
                    + inst.label()
                    + ": the plan partitions SMs between prefill and decode (sm_partition prefill "
                    + percent(split.prefill())
                    + "), which "
                    + engine
                    + " cannot run; emit for sglang (PD multiplexing), or recompile with --option"
                    + " engine="
                    + target
                    + " or --option sm_partitioning=never");
  }

  /** Prefill and decode SMs per GPU for the split (multiples of 8), and the GPU's SMs. */
  static int[] sms(Group g, SmSplit split) {
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

  /**
   * Rewrites SGLang arguments for PD multiplexing: chunked prefill off, the plan's prefill budget
   * as {@code --max-prefill-tokens}, overlap scheduling off, and the config file.
   */
  static void sglangArgs(List<String> args, Group g, String configPath) {
    int at = args.indexOf("--chunked-prefill-size");
    if (at >= 0) {
      args.set(at + 1, "-1");
    }
    args.add("--max-prefill-tokens");
    args.add(Integer.toString(g.maxNumBatchedTokens()));
    args.add("--disable-overlap-schedule");
    args.add("--enable-pdmux");
    args.add("--pdmux-config-path");
    args.add(configPath);
  }

  static String percent(double share) {
    return Math.round(share * 100) + "% of SMs";
  }
}
