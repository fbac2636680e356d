package dev.servplan.solver.technique;

import dev.servplan.solver.QueueModel;

/**
 * A technique's own queueing model of an instance it restructures (SM partitioning runs prefill and
 * decode as two concurrent streams): the steady state at a rate and the latencies at a quantile, in
 * place of the unified model's.
 */
public interface QueueOverride {
  QueueModel.Point at(double lambda);

  double ttft(QueueModel.Point pt, double q);

  double tpot(QueueModel.Point pt, double q);
}
