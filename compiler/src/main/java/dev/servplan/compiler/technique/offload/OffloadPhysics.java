package dev.servplan.compiler.technique.offload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniquePhysics;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.offload.HostKv;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.offload.MemoryTiers;
import dev.servplan.hwdb.technique.offload.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * A group's memory tiers: its host and NVMe weights over the GPU's host tier, and its host KV as a
 * share of every token next to the group's GPU KV budget.
 */
public final class OffloadPhysics implements TechniquePhysics {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public List<InstanceTerm> terms(TechniqueSetting setting, Target target, List<String> problems) {
    Offload o = (Offload) setting;
    var gpu = target.config().gpu();
    Optional<HostOffload> weights =
        o.weightsHostGib() > 0
            ? HostOffload.of(gpu, Bytes.ofGiB(o.weightsHostGib()))
            : Optional.empty();
    Optional<NvmeOffload> nvme =
        o.weightsNvmeGib() > 0
            ? NvmeOffload.of(gpu, Bytes.ofGiB(o.weightsNvmeGib()))
            : Optional.empty();
    Optional<HostKv> kv =
        o.kvHostGib() > 0 && target.group().kvCachePerGpu().bytes() > 0
            ? HostOffload.hostLink(gpu)
                .map(
                    link ->
                        new HostKv(
                            Bytes.ofGiB(o.kvHostGib()),
                            target.group().kvCachePerGpu(),
                            target.natural().kvBytesPerToken(),
                            link))
            : Optional.empty();
    if ((o.weightsHostGib() > 0 && weights.isEmpty())
        || (o.weightsNvmeGib() > 0 && nvme.isEmpty())
        || (o.kvHostGib() > 0 && kv.isEmpty())) {
      problems.add("offload: gpu '" + gpu.id() + "' has no host tier for the stated offload");
    }
    MemoryTiers tiers = new MemoryTiers(weights, nvme, kv);
    return tiers.isEmpty() ? List.of() : List.of(tiers);
  }
}
