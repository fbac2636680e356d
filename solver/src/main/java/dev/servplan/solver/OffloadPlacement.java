package dev.servplan.solver;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.cost.HostKv;
import dev.servplan.hwdb.cost.HostOffload;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.NvmeOffload;
import dev.servplan.hwdb.unit.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * Places one GPU's tensors across GPU memory, host DRAM and NVMe as an exact integer program
 * (OR-Tools CP-SAT; FlexGen's placement, Sheng et al., ICML 2023, over the tensors servplan
 * models). Per tensor class c ({@link HostOffload#weightClasses}: n_c units of u_c bytes) h_c units
 * go to host DRAM and s_c to NVMe; the KV cache of k of the stage's L layers (v bytes each at the
 * KV target) goes to host DRAM. With host-link bandwidth B_h and NVMe path bandwidth B_n = min(NVMe
 * share, B_h), the program minimises the bytes crossing into the GPU per iteration, weighted by the
 * time per byte of their path:
 *
 * <pre>
 *   minimise   (Σ_c h_c·u_c + k·v) / B_h + Σ_c s_c·u_c / B_n
 *   subject to Σ_c (h_c + s_c)·u_c + k·v ≥ D   (GPU memory: free the deficit D for the KV target)
 *              Σ_c h_c·u_c + k·v ≤ H            (host DRAM share per GPU)
 *              Σ_c s_c·u_c ≤ N                  (NVMe share per GPU)
 *              h_c + s_c ≤ n_c, 0 ≤ k ≤ L, integer
 * </pre>
 *
 * Ties (a byte of weights and a byte of KV cost the same on one link) go to the placement with the
 * least NVMe and host KV, which the engines can run: a second solve fixes the optimal time and
 * minimises Σ s_c·u_c + k·v. The NVMe and KV tiers are offered only when the target engine runs
 * them ({@code engine: any}). Each tier's amount is rounded up to whole GiB, the unit SGLang's
 * {@code --cpu-offload-gb} takes, and the plan is costed with the rounded amounts.
 */
final class OffloadPlacement {
  /** Bytes per integer unit of the program: MiB keeps every coefficient well inside 2^40. */
  static final double UNIT = Bytes.MIB;

  private OffloadPlacement() {}

  /** Units of {@link #UNIT} per tier of a solution. */
  record Placement(long host, long nvme, long kv) {}

  /**
   * The tiers that let {@code mem} hold {@code kvTokens} tokens of KV, or empty when no placement
   * within the tiers' capacities frees enough GPU memory. {@code beyondEngines} admits the NVMe and
   * host-KV tiers.
   */
  static Optional<MemoryTiers> place(
      InstanceConfig config, MemoryEstimate mem, long kvTokens, boolean beyondEngines) {
    Optional<LinkSpec> link = HostOffload.hostLink(config.gpu());
    if (link.isEmpty()) {
      return Optional.empty();
    }
    double targetKv = mem.kvFor(1, kvTokens).bytes();
    double need = targetKv - mem.kvCapacity().bytes();
    // At least one GiB: the engines' flag counts whole GiB (SGLang) and less is not worth a plan.
    long deficit = (long) Math.ceil(Math.max(need, Bytes.GIB) / UNIT);
    Bytes share = HostOffload.hostShare(config.gpu());
    long host = (long) Math.floor(share.bytes() / UNIT);
    List<HostOffload.TensorClass> classes = HostOffload.weightClasses(config);
    Optional<Double> nvmeBandwidth =
        beyondEngines ? NvmeOffload.bandwidth(config.gpu()) : Optional.empty();
    long nvme =
        nvmeBandwidth.isPresent()
            ? (long) Math.floor(NvmeOffload.nvmeShare(config.gpu()).bytes() / UNIT)
            : 0;
    // The attention class has one unit per layer of the stage: the layers whose KV can move.
    int layers = beyondEngines ? classes.get(0).count() : 0;
    long kvPerLayer = layers > 0 ? (long) Math.ceil(targetKv / layers / UNIT) : 0;
    // Time per MiB in picoseconds on each path (integer weights for the objective).
    long hostCost = Math.max(1, Math.round(UNIT / link.get().bandwidthBytesPerS() * 1e12));
    long nvmeCost =
        nvmeBandwidth.map(b -> Math.max(1, Math.round(UNIT / b * 1e12))).orElse(hostCost);
    // Some weights must leave a GPU whose weights alone overflow it, whatever the KV split.
    long weightsFloor =
        mem.kvCapacity().bytes() < 0 ? (long) Math.ceil(-mem.kvCapacity().bytes() / UNIT) + 1 : 0;
    Optional<Placement> p =
        solve(
            classes,
            UNIT,
            (long) Math.round(Bytes.GIB / UNIT),
            deficit,
            host,
            nvme,
            layers,
            kvPerLayer,
            hostCost,
            nvmeCost,
            weightsFloor);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    double hostGib = Math.ceil(p.get().host() * UNIT / Bytes.GIB);
    double nvmeGib = Math.ceil(p.get().nvme() * UNIT / Bytes.GIB);
    double kvGib = Math.ceil(p.get().kv() * UNIT / Bytes.GIB);
    if ((hostGib + kvGib) * Bytes.GIB > share.bytes()
        || (hostGib + nvmeGib) * Bytes.GIB > mem.weights().bytes()
        || nvmeGib * Bytes.GIB > NvmeOffload.nvmeShare(config.gpu()).bytes()) {
      return Optional.empty();
    }
    Optional<HostOffload> weights =
        hostGib > 0 ? HostOffload.of(config.gpu(), Bytes.ofGiB(hostGib)) : Optional.empty();
    Optional<NvmeOffload> disk =
        nvmeGib > 0 ? NvmeOffload.of(config.gpu(), Bytes.ofGiB(nvmeGib)) : Optional.empty();
    Optional<HostKv> kv = Optional.empty();
    if (kvGib > 0) {
      double gpuKv = mem.kvCapacity().bytes() + (hostGib + nvmeGib) * Bytes.GIB;
      if (!(gpuKv > 0)) {
        return Optional.empty();
      }
      kv =
          Optional.of(
              new HostKv(Bytes.ofGiB(kvGib), new Bytes(gpuKv), mem.kvBytesPerToken(), link.get()));
    }
    return Optional.of(new MemoryTiers(weights, Optional.empty(), disk, kv));
  }

  /**
   * The least total, in {@code unit}s of bytes, of whole class units covering {@code deficit}
   * within {@code host}, all in host DRAM; empty when none does.
   */
  static Optional<Long> solve(
      List<HostOffload.TensorClass> classes, double unit, long deficit, long host) {
    return solve(classes, unit, 1, deficit, host, 0, 0, 0, 1, 1, 0).map(Placement::host);
  }

  /**
   * The placement of least transfer time (then least NVMe and host KV) covering {@code deficit}
   * units, with {@code nvme} units of NVMe, {@code layers} layers of KV of {@code kvPerLayer} units
   * each, {@code hostCost}/{@code nvmeCost} the time per unit on each path and at least {@code
   * weightsFloor} units of weights off the GPU; empty when none exists.
   */
  static Optional<Placement> solve(
      List<HostOffload.TensorClass> classes,
      double unit,
      long granule,
      long deficit,
      long host,
      long nvme,
      int layers,
      long kvPerLayer,
      long hostCost,
      long nvmeCost,
      long weightsFloor) {
    CpSatBackend.load();
    int n = classes.size();
    long[] size = new long[n];
    long most = (long) layers * kvPerLayer;
    long weightsMost = 0;
    for (int i = 0; i < n; i++) {
      HostOffload.TensorClass c = classes.get(i);
      size[i] = Math.max(1, Math.round(c.bytes() / unit));
      weightsMost += size[i] * c.count();
    }
    most += weightsMost;
    if (most < deficit || host + nvme < deficit || weightsMost < weightsFloor) {
      return Optional.empty();
    }
    Optional<long[]> first =
        solveOnce(
            classes,
            size,
            granule,
            deficit,
            host,
            nvme,
            layers,
            kvPerLayer,
            hostCost,
            nvmeCost,
            weightsFloor,
            -1);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    long best = first.get()[3];
    Optional<long[]> tied =
        solveOnce(
            classes,
            size,
            granule,
            deficit,
            host,
            nvme,
            layers,
            kvPerLayer,
            hostCost,
            nvmeCost,
            weightsFloor,
            best);
    long[] r = tied.orElse(first.get());
    return Optional.of(new Placement(r[0], r[1], r[2]));
  }

  /**
   * One CP-SAT solve: minimise the transfer time, or, with {@code timeBound} ≥ 0, keep the time
   * within it and minimise the NVMe and host-KV units. Returns host, NVMe and KV units and the
   * time.
   */
  private static Optional<long[]> solveOnce(
      List<HostOffload.TensorClass> classes,
      long[] size,
      long granule,
      long deficit,
      long host,
      long nvme,
      int layers,
      long kvPerLayer,
      long hostCost,
      long nvmeCost,
      long weightsFloor,
      long timeBound) {
    int n = classes.size();
    CpModel model = new CpModel();
    IntVar[] h = new IntVar[n];
    IntVar[] s = new IntVar[n];
    for (int i = 0; i < n; i++) {
      HostOffload.TensorClass c = classes.get(i);
      h[i] = model.newIntVar(0, c.count(), c.name() + "_host");
      s[i] = model.newIntVar(0, nvme > 0 ? c.count() : 0, c.name() + "_nvme");
      model.addLessOrEqual(LinearExpr.sum(new IntVar[] {h[i], s[i]}), c.count());
    }
    IntVar k = model.newIntVar(0, kvPerLayer > 0 ? layers : 0, "kv_layers");
    LinearExpr hostWeights = LinearExpr.weightedSum(h, size);
    LinearExpr nvmeWeights = LinearExpr.weightedSum(s, size);
    LinearExpr kv = LinearExpr.term(k, kvPerLayer);
    LinearExpr freed = LinearExpr.newBuilder().add(hostWeights).add(nvmeWeights).add(kv).build();
    model.addGreaterOrEqual(freed, deficit);
    model.addGreaterOrEqual(
        LinearExpr.newBuilder().add(hostWeights).add(nvmeWeights).build(), weightsFloor);
    // Each tier is charged in whole granules (GiB), as the plan states and the engines take it.
    long most = 0;
    for (int i = 0; i < n; i++) {
      most += size[i] * classes.get(i).count();
    }
    most = Math.max(most, (long) layers * kvPerLayer);
    long granules = most / granule + 1;
    IntVar gh = model.newIntVar(0, granules, "host_granules");
    IntVar gn = model.newIntVar(0, granules, "nvme_granules");
    IntVar gk = model.newIntVar(0, granules, "kv_granules");
    model.addGreaterOrEqual(LinearExpr.term(gh, granule), hostWeights);
    model.addGreaterOrEqual(LinearExpr.term(gn, granule), nvmeWeights);
    model.addGreaterOrEqual(LinearExpr.term(gk, granule), kv);
    model.addLessOrEqual(
        LinearExpr.weightedSum(new IntVar[] {gh, gk}, new long[] {granule, granule}), host);
    model.addLessOrEqual(LinearExpr.term(gn, granule), nvme);
    LinearExpr timeExpr =
        LinearExpr.weightedSum(
            new IntVar[] {gh, gk, gn},
            new long[] {granule * hostCost, granule * hostCost, granule * nvmeCost});
    if (timeBound >= 0) {
      model.addLessOrEqual(timeExpr, timeBound);
      model.minimize(LinearExpr.newBuilder().add(nvmeWeights).add(kv).build());
    } else {
      model.minimize(timeExpr);
    }
    CpSolver solver = new CpSolver();
    solver.getParameters().setNumWorkers(1).setRandomSeed(1).setMaxTimeInSeconds(5);
    CpSolverStatus status = solver.solve(model);
    if (status != CpSolverStatus.OPTIMAL) {
      return Optional.empty();
    }
    long hostUnits = 0;
    long nvmeUnits = 0;
    for (int i = 0; i < n; i++) {
      hostUnits += solver.value(h[i]) * size[i];
      nvmeUnits += solver.value(s[i]) * size[i];
    }
    long kvUnits = solver.value(k) * kvPerLayer;
    long t = Math.round(solver.objectiveValue());
    if (timeBound >= 0) {
      t = timeBound;
    }
    return Optional.of(new long[] {hostUnits, nvmeUnits, kvUnits, t});
  }
}
