package dev.servplan.solver.technique.offload;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.technique.offload.Offload;
import dev.servplan.compiler.technique.offload.OffloadTiers;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.technique.offload.MemoryTiers;
import dev.servplan.solver.CandidateGrid;
import dev.servplan.solver.Demand;
import dev.servplan.solver.QueueModel;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory tiers in the search (docs/techniques.md, "Memory tiers (offload)"): none, unless the
 * option is {@code always}; and under {@code auto} or {@code always}, one placement per KV target
 * the configuration cannot hold on its own (under {@code always}, every target). A target is the KV
 * cache the queueing model's memory limit asks for at each {@code max_num_seqs} of the grid, plus
 * one tail-length request; each placement is {@link OffloadPlacement}'s (host weights, and for
 * {@code engine: any} also NVMe weights and host KV). Placements whose transfer for one sequence of
 * mean context exceeds a TPOT limit are skipped, as no batch could meet it, and so is every target
 * whose transfer lower bound already does.
 */
public final class OffloadChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.OFFLOAD;
  }

  @Override
  public boolean relievesMemory() {
    return true;
  }

  @Override
  public List<Draft> choices(Draft d) {
    List<Draft> out = new ArrayList<>();
    for (MemoryTiers t :
        tierings(d.config(), d.natural(), d.demand(), d.needTokens(), d.options())) {
      out.add(t.isEmpty() ? d : d.with(setting(t).orElseThrow(), t));
    }
    return out;
  }

  /** The plan's offload block for the tiers; empty when nothing leaves HBM. */
  public static Optional<Offload> setting(MemoryTiers tiers) {
    double host = tiers.weights().map(o -> o.weightsHost().gib()).orElse(0.0);
    double nvme = tiers.nvme().map(o -> o.weightsNvme().gib()).orElse(0.0);
    double kv = tiers.kv().map(k -> k.kvHost().gib()).orElse(0.0);
    return host + nvme + kv > 0 ? Optional.of(new Offload(host, nvme, kv)) : Optional.empty();
  }

  /** The tiers to try for one configuration ({@link MemoryTiers#NONE} first unless forced). */
  static List<MemoryTiers> tierings(
      InstanceConfig config,
      MemoryEstimate natural,
      Demand demand,
      double needTokens,
      Options options) {
    List<MemoryTiers> out = new ArrayList<>();
    Toggle toggle = options.effective(Technique.OFFLOAD);
    if (toggle != Toggle.ALWAYS) {
      out.add(MemoryTiers.NONE);
    }
    if (toggle == Toggle.NEVER) {
      return out;
    }
    double tpotLimit = Double.POSITIVE_INFINITY;
    for (Demand.Limit l : demand.limits) {
      if (l.metric() == Slo.Metric.TPOT) {
        tpotLimit = Math.min(tpotLimit, l.limitS());
      }
    }
    double meanContext = demand.input.mean() + demand.output.mean();
    double tailContext =
        demand.input.quantile(QueueModel.KV_TAIL_Q) + demand.output.quantile(QueueModel.KV_TAIL_Q);
    List<Long> targets = new ArrayList<>();
    targets.add((long) Math.ceil(needTokens));
    for (int n : CandidateGrid.MAX_NUM_SEQS) {
      double b99 = n + QueueModel.KV_BATCH_Z * Math.sqrt(n);
      targets.add((long) Math.ceil((b99 - 1) * meanContext + Math.max(meanContext, tailContext)));
    }
    // Weights on NVMe and KV in host memory only where the target engine runs them.
    boolean beyondEngines = OffloadTiers.engineRunsBeyondHostWeights(options.engine().value());
    List<MemoryTiers> seen = new ArrayList<>();
    for (long target : targets) {
      if (toggle != Toggle.ALWAYS && natural.fits() && natural.maxKvTokens() >= target) {
        continue;
      }
      // Bound before solving: larger targets need at least as much transfer.
      if (OffloadPlacement.transferFloor(config, natural, target, beyondEngines) > tpotLimit) {
        break;
      }
      Optional<MemoryTiers> placed = OffloadPlacement.place(config, natural, target, beyondEngines);
      if (placed.isEmpty()) {
        break; // larger targets need more offload still
      }
      MemoryTiers o = placed.get();
      // The least any batch pays: one sequence of mean context.
      if (o.transferSeconds(1, meanContext) > tpotLimit || seen.contains(o)) {
        continue;
      }
      seen.add(o);
      out.add(o);
    }
    return out;
  }
}
