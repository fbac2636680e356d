package dev.servplan.solver;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import dev.servplan.hwdb.cost.HostOffload;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * Places one GPU's weights between GPU memory and host DRAM as an exact integer program (OR-Tools
 * CP-SAT): how many units of each per-layer tensor class ({@link HostOffload#weightClasses}) go to
 * the host so that the GPU holds a KV target, minimising the bytes streamed over the host link per
 * iteration (the transfer time, there being one link) within the GPU's share of host memory:
 *
 * <pre>
 *   minimise   Σ_c h_c · u_c
 *   subject to Σ_c h_c · u_c ≥ D        (GPU memory: free the deficit D for the KV target)
 *              Σ_c h_c · u_c ≤ H        (host DRAM share per GPU)
 *              0 ≤ h_c ≤ n_c, integer   (whole layers of class c, n_c of them on the stage)
 * </pre>
 *
 * The result is rounded up to whole GiB, the unit SGLang's {@code --cpu-offload-gb} takes (vLLM
 * takes fractions; both get the same figure), and the plan is costed with the rounded amount.
 */
final class OffloadPlacement {
  /** Bytes per integer unit of the program: MiB keeps every coefficient well inside 2^40. */
  static final double UNIT = Bytes.MIB;

  private OffloadPlacement() {}

  /**
   * The weights to offload per GPU so that {@code mem} holds {@code kvTokens} tokens of KV, or
   * empty when the offloadable weights or the host share cannot free enough memory.
   */
  static Optional<HostOffload> place(InstanceConfig config, MemoryEstimate mem, long kvTokens) {
    double need = mem.kvFor(1, kvTokens).bytes() - mem.kvCapacity().bytes();
    // At least one GiB: the engines' flag counts whole GiB (SGLang) and less is not worth a plan.
    long deficit = (long) Math.ceil(Math.max(need, Bytes.GIB) / UNIT);
    Bytes share = HostOffload.hostShare(config.gpu());
    long host = (long) Math.floor(share.bytes() / UNIT);
    Optional<Long> units = solve(HostOffload.weightClasses(config), UNIT, deficit, host);
    if (units.isEmpty()) {
      return Optional.empty();
    }
    double gib = Math.ceil(units.get() * UNIT / Bytes.GIB);
    if (gib * Bytes.GIB > share.bytes() || gib * Bytes.GIB > mem.weights().bytes()) {
      return Optional.empty();
    }
    return HostOffload.of(config.gpu(), Bytes.ofGiB(gib));
  }

  /**
   * The least total, in {@code unit}s of bytes, of whole class units covering {@code deficit}
   * within {@code host}; empty when none does.
   */
  static Optional<Long> solve(
      List<HostOffload.TensorClass> classes, double unit, long deficit, long host) {
    CpSatBackend.load();
    CpModel model = new CpModel();
    IntVar[] h = new IntVar[classes.size()];
    long[] size = new long[classes.size()];
    long most = 0;
    for (int i = 0; i < classes.size(); i++) {
      HostOffload.TensorClass c = classes.get(i);
      h[i] = model.newIntVar(0, c.count(), c.name());
      size[i] = Math.max(1, Math.round(c.bytes() / unit));
      most += size[i] * c.count();
    }
    if (most < deficit || host < deficit) {
      return Optional.empty();
    }
    LinearExpr moved = LinearExpr.weightedSum(h, size);
    model.addGreaterOrEqual(moved, deficit);
    model.addLessOrEqual(moved, host);
    model.minimize(moved);
    CpSolver solver = new CpSolver();
    solver.getParameters().setNumWorkers(1).setRandomSeed(1).setMaxTimeInSeconds(5);
    CpSolverStatus status = solver.solve(model);
    if (status != CpSolverStatus.OPTIMAL) {
      return Optional.empty();
    }
    return Optional.of(Math.round(solver.objectiveValue()));
  }
}
