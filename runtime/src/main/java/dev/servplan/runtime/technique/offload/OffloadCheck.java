package dev.servplan.runtime.technique.offload;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.offload.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.runtime.verify.PlanCode;
import dev.servplan.runtime.verify.TechniqueCheck;
import dev.servplan.runtime.verify.Violation;
import java.util.List;

/**
 * A group's memory tiers against its GPU and host tier (P0107): the offloaded weights are part of
 * the weight shard one GPU holds, host weights and host KV fit the GPU's share of its host tier's
 * DRAM, and NVMe weights its share of the drives.
 */
public final class OffloadCheck implements TechniqueCheck {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public void check(TechniqueSetting setting, Target target, List<Violation> out) {
    if (target.config().isPresent() && target.natural().isPresent()) {
      check(
          target.config().get(),
          target.natural().get(),
          (Offload) setting,
          target.path() + ".offload",
          out);
    }
  }

  private static void check(
      InstanceConfig config,
      MemoryEstimate estimate,
      Offload offload,
      String path,
      List<Violation> out) {
    Bytes host = Bytes.ofGiB(offload.weightsHostGib());
    Bytes nvme = Bytes.ofGiB(offload.weightsNvmeGib());
    Bytes kvHost = Bytes.ofGiB(offload.kvHostGib());
    Bytes share = HostOffload.hostShare(config.gpu());
    String tier = HostOffload.hostTier(config.gpu()).id();
    if (host.plus(nvme).bytes() > estimate.weights().bytes()) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              path + (offload.weightsNvmeGib() > 0 ? ".weights_nvme_gib" : ".weights_host_gib"),
              "offload of "
                  + host.plus(nvme)
                  + " of weights per GPU exceeds the "
                  + estimate.weights()
                  + " of weights one GPU holds"));
      return;
    }
    if (host.plus(kvHost).bytes() > share.bytes()) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              path + (offload.kvHostGib() > 0 ? ".kv_host_gib" : ".weights_host_gib"),
              "offload of "
                  + host.plus(kvHost)
                  + " per GPU to host memory (weights and KV cache) exceeds the "
                  + share
                  + " of host memory per GPU of the '"
                  + tier
                  + "' host tier"));
    }
    Bytes drives = NvmeOffload.nvmeShare(config.gpu());
    if (nvme.bytes() > drives.bytes()) {
      out.add(
          Violation.of(
              PlanCode.P0107,
              path + ".weights_nvme_gib",
              "offload of "
                  + nvme
                  + " of weights per GPU to NVMe exceeds the "
                  + drives
                  + " of NVMe per GPU of the '"
                  + tier
                  + "' host tier"));
    }
  }
}
