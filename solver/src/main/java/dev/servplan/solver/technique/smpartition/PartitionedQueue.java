package dev.servplan.solver.technique.smpartition;

import dev.servplan.compiler.workload.StandardNormal;
import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import dev.servplan.solver.Demand;
import dev.servplan.solver.QueueModel;
import dev.servplan.solver.technique.QueueOverride;
import java.util.Arrays;
import java.util.List;

/**
 * Latency of a unified instance whose GPUs are split between a prefill stream and a decode stream
 * ({@link SmPartition}): two servers on one instance sharing the KV cache. The prefill stream is a
 * Kingman G/G/1 queue of prompt tokens served in iterations of up to {@code chunkTokens} tokens on
 * the prefill share; the decode stream is the Little's-law batch of the unified model, its
 * iterations taking the partitioned time while the prefill stream is busy (a share ρ of the time)
 * and the whole GPU's decode time otherwise, as SGLang's PD multiplexing gives all SMs to decode
 * when nothing is being prefilled. Equations in docs/techniques.md ("SM partitioning").
 */
final class PartitionedQueue implements QueueOverride {
  private final QueueModel owner;
  private final CostModel costModel;
  private final InstanceConfig config;
  private final Demand demand;
  private final SmPartition partition;
  private final int maxNumSeqs;
  private final int chunkTokens;
  private final double decodeContext;

  /** Per decode batch size: {split decode, whole-GPU decode, prefill chunk} seconds. */
  private double[][] times = new double[64][];

  PartitionedQueue(QueueModel owner, SmPartition partition) {
    this.owner = owner;
    this.costModel = owner.instance().costModel();
    this.config = owner.instance().config();
    this.demand = owner.demand();
    this.partition = partition;
    this.maxNumSeqs = owner.maxNumSeqs();
    this.chunkTokens = owner.chunkTokens();
    this.decodeContext = demand.input.mean() + demand.output.mean() / 2;
  }

  SmPartition partition() {
    return partition;
  }

  private BatchShape decodeShape(int seqs) {
    return BatchShape.decode(Math.max(1, seqs), decodeContext);
  }

  private BatchShape prefillShape(int tokens) {
    return new BatchShape(
        List.of(new PrefillChunk(Math.max(1, tokens), Math.round(demand.input.mean() / 2))), 0, 0);
  }

  /** The full prefill chunk alone on the prefill share (computed once). */
  private SmPartition.Phase chunkPhase;

  /** {split decode, whole-GPU decode, full prefill chunk} seconds with {@code seqs} decoding. */
  private double[] times(int seqs) {
    // The fixed-point searches ask for the same few batch sizes thousands of times: an array by
    // batch size, not a boxed map.
    if (seqs >= times.length) {
      times = Arrays.copyOf(times, Math.max(seqs + 1, times.length * 2));
    }
    double[] t = times[seqs];
    if (t == null) {
      BatchShape decode = decodeShape(seqs);
      BatchShape chunk = prefillShape(chunkTokens);
      if (chunkPhase == null) {
        chunkPhase = SmPartition.phase(costModel, config, chunk, partition.prefillShare());
      }
      SmPartition.Phase decodePhase =
          SmPartition.phase(costModel, config, decode, partition.decodeShare());
      t =
          new double[] {
            SmPartition.concurrent(costModel, config, decode, decodePhase, chunkPhase),
            costModel.seconds(config, decode),
            SmPartition.concurrent(costModel, config, chunk, chunkPhase, decodePhase)
          };
      times[seqs] = t;
    }
    return t;
  }

  private static int seqs(double b) {
    return Math.max(1, (int) Math.ceil(b - 1e-9));
  }

  /** Prefill-stream utilization with {@code b} decoding: prompt tokens in over tokens served. */
  private double rho(double lambda, double b) {
    return lambda * demand.prefillTokens() * times(seqs(b))[2] / chunkTokens;
  }

  /** Mean decode iteration: partitioned while the prefill stream is busy, whole GPU otherwise. */
  private double decodeStep(double lambda, double b) {
    double[] t = times(seqs(b));
    double u = Math.min(1, rho(lambda, b));
    return u * t[0] + (1 - u) * t[1];
  }

  @Override
  public QueueModel.Point at(double lambda) {
    double o = demand.output.mean();
    double lo = times(1)[1] * 0.5;
    double hi = lo;
    // As the unified model: bracket the smallest fixed point, then judge the limits there.
    for (int k = 0; decodeStep(lambda, lambda * o * hi) > hi; k++) {
      // The fixed point lies above hi: past max_num_seqs it cannot be a steady state.
      if (k >= 80 || lambda * o * hi > maxNumSeqs) {
        String why = limits(lambda, lambda * o * hi);
        return new QueueModel.Point(
            lambda, why == null ? "batch" : why, hi, lambda * o * hi, 1, 0, 0);
      }
      lo = hi;
      hi *= 1.5;
    }
    for (int k = 0; k < 40 && hi - lo > 1e-9 + 1e-6 * hi; k++) {
      double mid = (lo + hi) / 2;
      if (decodeStep(lambda, lambda * o * mid) <= mid) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    double b = lambda * o * hi;
    String why = limits(lambda, b);
    if (why != null) {
      return new QueueModel.Point(lambda, why, hi, b, 1, 0, 0);
    }
    double rho = rho(lambda, b);
    double tChunk = times(seqs(b))[2];
    double service = demand.prefillTokens() * tChunk / chunkTokens;
    double wait = rho / (1 - rho) * (demand.ca2 + demand.input.cv2()) / 2 * service;
    return new QueueModel.Point(lambda, null, hi, b, rho, wait, chunkTokens);
  }

  private String limits(double lambda, double b) {
    String why = owner.decodeLimits(b);
    if (why == null && b > chunkTokens) {
      // The decode stream is not bound by the prefill budget, but plans keep
      // max_num_batched_tokens >= max_num_seqs for every group (the verifier's P0606).
      why = "max_num_batched_tokens";
    }
    if (why == null && rho(lambda, b) >= QueueModel.MAX_RHO) {
      why = "prefill utilization";
    }
    return why;
  }

  /**
   * TTFT at quantile q: the queue wait, the prompt's chunks on the prefill share (concurrent with
   * the steady decode batch), and half an iteration of the prefill stream when it is busy.
   */
  @Override
  public double ttft(QueueModel.Point pt, double q) {
    double tokens = demand.prefillTokens(q);
    int n = seqs(pt.batch());
    double chunks = Math.ceil(tokens / chunkTokens);
    double perChunk =
        tokens >= chunkTokens
            ? times(n)[2]
            : partition.prefillSeconds(
                costModel, config, prefillShape((int) Math.ceil(tokens)), decodeShape(n));
    double residual = pt.rho() * times(n)[2] / 2;
    return QueueModel.waitQuantile(pt, q) + chunks * perChunk + residual;
  }

  /**
   * TPOT at quantile q: the decode batch at its q-quantile size; a request's iterations are
   * partitioned with probability ρ, in runs as long as one prompt's prefill, so its average TPOT
   * has variance ρ(1−ρ)·min(1, L/n) as in the chunked-prefill model (QueueModel#tpot).
   */
  @Override
  public double tpot(QueueModel.Point pt, double q) {
    double z = Math.max(0, StandardNormal.quantile(q));
    double bq = Math.min(maxNumSeqs, pt.batch() + z * Math.sqrt(pt.batch()));
    double[] t = times(seqs(bq));
    double u = Math.min(1, pt.rho());
    double mean = u * t[0] + (1 - u) * t[1];
    double n = Math.max(1, demand.output.quantile(QueueModel.SHORT_OUTPUT_Q));
    double run = Math.max(1, Math.ceil(demand.prefillTokens() / chunkTokens) * t[2] / t[0]);
    double sd = Math.abs(t[0] - t[1]) * Math.sqrt(u * (1 - u) * Math.min(1, run / n));
    return mean + z * sd;
  }
}
