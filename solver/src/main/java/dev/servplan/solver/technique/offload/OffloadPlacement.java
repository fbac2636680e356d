package dev.servplan.solver.technique.offload;

import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.WeightShards;
import dev.servplan.hwdb.technique.offload.HostKv;
import dev.servplan.hwdb.technique.offload.HostOffload;
import dev.servplan.hwdb.technique.offload.MemoryTiers;
import dev.servplan.hwdb.technique.offload.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import java.util.Optional;

/**
 * Places one GPU's weights and KV cache across GPU memory, host DRAM and NVMe (FlexGen's tiers,
 * Sheng et al., ICML 2023), in whole GiB per tier, the unit SGLang's {@code --cpu-offload-gb} takes
 * and vLLM's budget is stated in. With host-link time per GiB c_h and NVMe-path time per GiB c_n ≥
 * c_h (the NVMe path runs at min(drives, host link), {@link NvmeOffload#bandwidth}), a deficit of d
 * GiB to free for the KV target, host DRAM h, NVMe n and w GiB of offloadable weights, of which at
 * least f must leave (the part the weights alone overflow):
 *
 * <pre>
 *   minimise   c_h·(a + k) + c_n·s          (a host weights, k host KV, s NVMe weights; GiB)
 *   subject to a + s + k ≥ d,  a + s ≥ f,  a + s ≤ w,  a + k ≤ h,  s ≤ n,  k ≤ K
 * </pre>
 *
 * (K the KV target itself), and among the optimal placements the one with the least NVMe and host
 * KV, which the engines can run. At a given s the host must hold at least max(d, f) − s, and
 * holding more never helps, so the cost c_h·(max(d, f) − s) + c_n·s never falls as s grows: the
 * least feasible NVMe wins, and at that NVMe the most host weights. {@link #solve} scans s upwards
 * and takes a as large as the constraints allow, which is exact for this structure (checked against
 * brute force in the tests), with no integer program per candidate.
 *
 * <p>Weights are divisible at GiB granularity: vLLM and SGLang offload whole parameter tensors
 * until the stated budget is reached, so they free at least the budget (at most one layer's tensors
 * more) and stream at most a layer more than costed. The NVMe and host-KV tiers are offered only
 * when the target engine runs them ({@code engine: any}).
 */
public final class OffloadPlacement {
  private OffloadPlacement() {}

  /** GiB per tier of a placement: host weights, NVMe weights, host KV. */
  public record Placement(long host, long nvme, long kv) {}

  /**
   * A lower bound, in seconds per iteration, on the transfer of every placement that lets {@code
   * mem} hold {@code kvTokens} tokens of KV: the weights that must leave the GPU (all of the
   * deficit when only the host-weights tier is offered, else what the weights alone overflow) at
   * the fastest path's bandwidth, the host link. Host KV is read per token of context and may cost
   * less for a short batch, so it is not bounded here. Lets the enumerator skip a placement no TPOT
   * limit admits.
   */
  public static double transferFloor(
      InstanceConfig config, MemoryEstimate mem, long kvTokens, boolean beyondEngines) {
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (link.isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    double need = mem.kvFor(1, kvTokens).bytes() - mem.kvCapacity().bytes();
    double weightsOut = beyondEngines ? -mem.kvCapacity().bytes() : need;
    return Math.max(0, weightsOut) / link.get().bandwidthBytesPerS();
  }

  /**
   * The tiers that let {@code mem} hold {@code kvTokens} tokens of KV, or empty when no placement
   * within the tiers' capacities frees enough GPU memory. {@code beyondEngines} admits the NVMe and
   * host-KV tiers.
   */
  public static Optional<MemoryTiers> place(
      InstanceConfig config, MemoryEstimate mem, long kvTokens, boolean beyondEngines) {
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (link.isEmpty()) {
      return Optional.empty();
    }
    double targetKv = mem.kvFor(1, kvTokens).bytes();
    double need = targetKv - mem.kvCapacity().bytes();
    // At least one GiB: the engines' flag counts whole GiB and less is not worth a plan.
    long deficit = (long) Math.ceil(Math.max(need, Bytes.GIB) / Bytes.GIB);
    // Some weights must leave a GPU whose weights alone overflow it, whatever the KV split.
    long weightsFloor =
        mem.kvCapacity().bytes() < 0 ? (long) Math.ceil(-mem.kvCapacity().bytes() / Bytes.GIB) : 0;
    double offloadable = 0;
    for (WeightShards.TensorClass c : WeightShards.offloadable(config)) {
      offloadable += c.count() * c.bytes();
    }
    long weights = (long) Math.floor(Math.min(offloadable, mem.weights().bytes()) / Bytes.GIB);
    long host = (long) Math.floor(HostOffload.hostShare(config.gpu()).bytes() / Bytes.GIB);
    Optional<Double> nvmeBandwidth =
        beyondEngines ? NvmeOffload.bandwidth(config.gpu()) : Optional.empty();
    long nvme =
        nvmeBandwidth.isPresent()
            ? (long) Math.floor(NvmeOffload.nvmeShare(config.gpu()).bytes() / Bytes.GIB)
            : 0;
    long kvMost = beyondEngines ? (long) Math.floor(targetKv / Bytes.GIB) : 0;
    Optional<Placement> p = solve(deficit, weightsFloor, weights, host, nvme, kvMost);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Optional<HostOffload> hostWeights =
        p.get().host() > 0
            ? HostOffload.of(config.gpu(), Bytes.ofGiB(p.get().host()))
            : Optional.empty();
    Optional<NvmeOffload> disk =
        p.get().nvme() > 0
            ? NvmeOffload.of(config.gpu(), Bytes.ofGiB(p.get().nvme()))
            : Optional.empty();
    Optional<HostKv> kv = Optional.empty();
    if (p.get().kv() > 0) {
      double gpuKv = mem.kvCapacity().bytes() + (p.get().host() + p.get().nvme()) * Bytes.GIB;
      if (!(gpuKv > 0)) {
        return Optional.empty();
      }
      kv =
          Optional.of(
              new HostKv(
                  Bytes.ofGiB(p.get().kv()), new Bytes(gpuKv), mem.kvBytesPerToken(), link.get()));
    }
    return Optional.of(new MemoryTiers(hostWeights, disk, kv));
  }

  /**
   * The placement of least transfer time, then least NVMe and host KV (see the class comment), in
   * GiB: free {@code deficit}, at least {@code weightsFloor} of it weights, within {@code weights}
   * of offloadable weights, {@code host} of host DRAM, {@code nvme} of NVMe and {@code kvMost} of
   * KV; empty when none exists. Valid for any NVMe-path time per GiB at least the host link's.
   */
  public static Optional<Placement> solve(
      long deficit, long weightsFloor, long weights, long host, long nvme, long kvMost) {
    if (weightsFloor > weights) {
      return Optional.empty();
    }
    for (long s = 0; s <= Math.min(nvme, weights); s++) {
      // With s on NVMe, the host holds the least that covers both the deficit and the weights
      // floor, as much of it weights as allowed, then host KV for the rest.
      long a =
          Math.min(Math.min(weights - s, host), Math.max(0, Math.max(deficit, weightsFloor) - s));
      if (a + s < weightsFloor) {
        continue; // more NVMe needed for the weights the GPU cannot hold
      }
      long k = Math.max(0, deficit - s - a);
      if (k <= kvMost && a + k <= host) {
        return Optional.of(new Placement(a, s, k));
      }
    }
    return Optional.empty();
  }
}
