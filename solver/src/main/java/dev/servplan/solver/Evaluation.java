package dev.servplan.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates the configurations of every deployment on all cores, each configuration on its own, and
 * merges the reports per deployment in the configurations' order, so the result does not depend on
 * the number of threads or their timing. Configurations not started by the deadline are counted as
 * skipped: the time limit bounds the whole compile (docs/solver.md, "Time limit").
 */
final class Evaluation {
  private Evaluation() {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** One daemon thread per core, shared by every compile in the process (e.g. the LSP's). */
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          Math.max(1, Runtime.getRuntime().availableProcessors()),
          r -> {
            Thread t = new Thread(r, "servplan-evaluate-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** The reports of {@code deployments} deployments, in order. */
  static List<CandidateEnumerator.Report> run(
      CandidateEnumerator enumerator,
      List<CandidateEnumerator.Work> work,
      int deployments,
      long deadlineNanos) {
    List<Future<CandidateEnumerator.Report>> futures = new ArrayList<>(work.size());
    for (CandidateEnumerator.Work w : work) {
      futures.add(
          POOL.submit(
              () -> {
                if (System.nanoTime() > deadlineNanos) {
                  CandidateEnumerator.Report skipped = new CandidateEnumerator.Report();
                  skipped.configurations = 1;
                  skipped.skipped = 1;
                  return skipped;
                }
                return enumerator.evaluate(w);
              }));
    }
    List<List<CandidateEnumerator.Report>> parts = new ArrayList<>();
    for (int d = 0; d < deployments; d++) {
      parts.add(new ArrayList<>());
    }
    try {
      for (int i = 0; i < work.size(); i++) {
        parts.get(work.get(i).context().index()).add(futures.get(i).get());
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("candidate evaluation was interrupted", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
    List<CandidateEnumerator.Report> out = new ArrayList<>();
    for (List<CandidateEnumerator.Report> p : parts) {
      out.add(CandidateEnumerator.Report.merge(p));
    }
    return out;
  }
}
