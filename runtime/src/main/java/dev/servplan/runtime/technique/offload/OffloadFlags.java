package dev.servplan.runtime.technique.offload;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.hwdb.unit.Quantities;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.EngineLaunch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engines' weight offload for a group with an {@code offload} block (docs/emit.md): vLLM and
 * SGLang both take {@code --cpu-offload-gb}, the GiB of weights per GPU kept in host memory and
 * read in every forward pass (docs.vllm.ai engine args; SGLang server arguments, "Offloading").
 * TensorRT-LLM has no equivalent, and no engine runs the NVMe or host-KV tiers, so those are
 * refused.
 */
public final class OffloadFlags implements EngineFlags {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public List<String> refusals(EngineGroup group) {
    Optional<Offload> setting = Offload.of(group.group());
    if (setting.isEmpty()) {
      return List.of();
    }
    Offload o = setting.get();
    if (o.beyondEngines()) {
      return List.of(tierRefusal(group, o));
    }
    if (group.engine() == Engine.TRTLLM) {
      return List.of(
          group.where()
              + "the plan keeps "
              + Quantities.formatNumber(o.weightsHostGib())
              + " GiB of weights per GPU in host memory (offload), which trtllm-serve cannot do;"
              + " emit for vllm or sglang, or recompile with --option engine=trtllm or --option"
              + " offload=never");
    }
    return List.of();
  }

  /**
   * Why no engine can run the group's NVMe or host-KV tier: vLLM's and SGLang's {@code
   * --cpu-offload-gb} moves weights to host memory only; neither streams weights from disk nor runs
   * attention over host-resident KV (docs/emit.md).
   */
  private static String tierRefusal(EngineGroup group, Offload o) {
    List<String> what = new ArrayList<>();
    if (o.weightsNvmeGib() > 0) {
      what.add(Quantities.formatNumber(o.weightsNvmeGib()) + " GiB of weights per GPU on NVMe");
    }
    if (o.kvHostGib() > 0) {
      what.add(Quantities.formatNumber(o.kvHostGib()) + " GiB of KV cache per GPU in host memory");
    }
    return group.where()
        + "the plan keeps "
        + String.join(" and ", what)
        + " (offload memory tiers), which "
        + group.engine().title()
        + " cannot do; recompile with --option engine="
        + group.engine().id()
        + (group.engine() == Engine.TRTLLM ? "" : " (host weights only)")
        + " or --option offload=never";
  }

  /**
   * {@code --cpu-offload-gb N} when the group keeps weights in host memory. N is rounded up to
   * whole GiB: SGLang parses the flag as an integer, and rounding up only frees more GPU memory
   * than planned (plans from servplan are whole GiB already).
   */
  @Override
  public void contribute(EngineGroup group, EngineLaunch launch) {
    Offload.of(group.group())
        .filter(o -> o.weightsHostGib() > 0)
        .ifPresent(
            o ->
                launch.flag(
                    "--cpu-offload-gb",
                    Long.toString((long) Math.ceil(o.weightsHostGib() - 1e-9))));
  }
}
