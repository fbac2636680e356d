package dev.servplan.lsp.service;

import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.Solver;
import dev.servplan.solver.SolverConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeLens;

/**
 * The cost code lenses: solves valid documents one at a time on its own thread, with a short time
 * limit counted from the moment the text arrived (so time spent queued behind another document, or
 * loading the solver, is not added to it), and keeps the latest finished result per document. The
 * solver (cost model, OR-Tools' native library) is loaded on that thread as soon as the lenses are
 * made, before the first document arrives. A result counts only for the exact text it was solved
 * from, so an edit never shows the previous version's numbers; work queued for a version that has
 * since changed is skipped, and a solve that finishes after an edit is dropped.
 */
public final class CostLenses {
  /**
   * The editor's solve time limit (or the spec's {@code options.time_limit} when shorter): long
   * enough for CP-SAT to prove small specs optimal, short enough that the lens follows typing.
   */
  public static final Duration TIME_LIMIT = Duration.ofSeconds(2);

  /** Told when a result lands (to ask the editor to re-request lenses) and when a solve throws. */
  public interface Listener {
    void landed(String uri, int version);

    void failed(String uri, Throwable error);
  }

  /** A finished solve of one exact text; no result means the solver threw. */
  private record Landed(int version, String text, Optional<SolveResult> result, Duration limit) {
    boolean solves(Document doc) {
      return version == doc.version() && text.equals(doc.text());
    }
  }

  private final Duration timeLimit;
  private final Listener listener;
  private final Supplier<Solver> solverFactory;
  private final ExecutorService executor;

  /** Per URI, the version that should be solved next; a queued solve for any other is skipped. */
  private final Map<String, Document> wanted = new ConcurrentHashMap<>();

  private final Map<String, Landed> landed = new ConcurrentHashMap<>();

  /** Built on the solve thread on first use: loading the cost model and OR-Tools costs time. */
  private Solver solver;

  /** Lenses from the analytical solver, as {@code servplan compile} uses. */
  public CostLenses(Duration timeLimit, Listener listener) {
    this(timeLimit, listener, DefaultSolver::analytical);
  }

  /** Lenses from another solver (tests use one that throws or times out). */
  CostLenses(Duration timeLimit, Listener listener, Supplier<Solver> solverFactory) {
    this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.solverFactory = Objects.requireNonNull(solverFactory, "solverFactory");
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "servplan-lens-solver");
              t.setDaemon(true);
              return t;
            });
    executor.execute(
        () -> {
          try {
            solver();
          } catch (RuntimeException | LinkageError e) {
            // Reported by the first solve, which tries again.
          }
        });
  }

  /** The shortest time a solve is given, however late it starts. */
  private static final double MIN_SOLVE_S = 0.2;

  /** Queues a solve of this version of the document; returns at once. */
  public void solveLater(Document doc) {
    Landed done = landed.get(doc.uri());
    if (done != null && done.solves(doc)) {
      return;
    }
    wanted.put(doc.uri(), doc);
    long arrived = System.nanoTime();
    try {
      executor.execute(() -> run(doc, arrived));
    } catch (RejectedExecutionException e) {
      // Shut down: the server is exiting and nobody will ask for lenses.
      wanted.remove(doc.uri(), doc);
    }
  }

  /**
   * The lenses for this version: none while it does not compile (its diagnostics say why), the
   * finished result when there is one for exactly this text, and "solving…" otherwise.
   */
  public List<CodeLens> lenses(Document doc) {
    Optional<ValidIr> valid = valid(doc);
    if (valid.isEmpty()) {
      return List.of();
    }
    Landed done = landed.get(doc.uri());
    if (done == null || !done.solves(doc)) {
      return PlanLenses.solving(doc, valid.get());
    }
    return done.result()
        .map(r -> PlanLenses.result(doc, valid.get(), r, done.limit()))
        .orElseGet(PlanLenses::failed);
  }

  /** Drops pending work and results for a closed document. */
  public synchronized void forget(String uri) {
    wanted.remove(uri);
    landed.remove(uri);
  }

  /** Drops every result and pending solve (the lens was switched off). */
  public synchronized void forgetAll() {
    wanted.clear();
    landed.clear();
  }

  public void shutdown() {
    executor.shutdownNow();
  }

  private void run(Document doc, long arrived) {
    if (wanted.get(doc.uri()) != doc) {
      return;
    }
    Optional<ValidIr> valid = valid(doc);
    Landed result = valid.isEmpty() ? null : solve(doc, valid.get(), arrived);
    synchronized (this) {
      if (!wanted.remove(doc.uri(), doc)) {
        // Edited, closed or switched off while solving: this answer is for text nobody sees.
        return;
      }
      if (result == null) {
        landed.remove(doc.uri());
        return;
      }
      landed.put(doc.uri(), result);
    }
    listener.landed(doc.uri(), doc.version());
  }

  private Solver solver() {
    if (solver == null) {
      solver = solverFactory.get();
    }
    return solver;
  }

  private Landed solve(Document doc, ValidIr valid, long arrived) {
    Duration specLimit = valid.spec().options().timeLimit().value();
    Duration limit = specLimit.compareTo(timeLimit) < 0 ? specLimit : timeLimit;
    try {
      Solver loaded = solver();
      Duration left =
          Duration.ofSeconds(
              Math.max(MIN_SOLVE_S, limit.seconds() - (System.nanoTime() - arrived) / 1e9));
      // The defaults of servplan compile (seed 0, one worker, the ILP), so given the time the
      // lens and the command agree.
      SolverConfig config =
          SolverConfig.of(left, 0, 1, SolverConfig.Search.ILP)
              .config()
              .orElseThrow(
                  () -> new IllegalStateException("no solver config for time limit " + limit));
      SolveResult result = loaded.solve(valid, SpecRef.of(valid.spec().name(), doc.text()), config);
      return new Landed(doc.version(), doc.text(), Optional.of(result), limit);
    } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
      // A solver bug (or OR-Tools failing to load) costs only the lens; the log gets the trace.
      listener.failed(doc.uri(), e);
      return new Landed(doc.version(), doc.text(), Optional.empty(), limit);
    }
  }

  private static Optional<ValidIr> valid(Document doc) {
    var compilation = doc.compilation();
    return compilation.ok() ? compilation.valid() : Optional.empty();
  }
}
