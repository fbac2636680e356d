package dev.servplan.lsp;

import dev.servplan.lsp.service.Document;
import dev.servplan.lsp.service.LanguageService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Recomputes diagnostics off the message thread, debounced: each change cancels the pending run for
 * its document and schedules a new one {@link #DEBOUNCE_MS} later; a run whose document has moved
 * on by the time it finishes publishes nothing. A run that is still current hands the document on
 * (to the cost lenses), so slower work shares the same debounce.
 */
final class DiagnosticsScheduler {
  /** Long enough to coalesce a burst of keystrokes, short enough to feel immediate. */
  static final long DEBOUNCE_MS = 150;

  private final ScheduledExecutorService executor;
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final ServerLog log;
  private final Consumer<PublishDiagnosticsParams> publisher;
  private final Consumer<Document> settled;

  /**
   * {@code settled} gets each document whose run found it still current; it must return quickly.
   */
  DiagnosticsScheduler(
      ServerLog log, Consumer<PublishDiagnosticsParams> publisher, Consumer<Document> settled) {
    this.log = log;
    this.publisher = publisher;
    this.settled = settled;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "servplan-diagnostics");
              t.setDaemon(true);
              return t;
            });
  }

  /** Schedules a run for the document; {@code current} says which version is live when it runs. */
  void schedule(Document doc, long delayMs, Supplier<Document> current) {
    ScheduledFuture<?> next =
        executor.schedule(() -> run(doc, current), delayMs, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> previous = pending.put(doc.uri(), next);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  /** Drops pending work for a closed document and clears its diagnostics. */
  void clear(String uri) {
    ScheduledFuture<?> previous = pending.remove(uri);
    if (previous != null) {
      previous.cancel(false);
    }
    executor.execute(() -> publisher.accept(new PublishDiagnosticsParams(uri, List.of())));
  }

  void shutdown() {
    executor.shutdownNow();
  }

  private void run(Document doc, Supplier<Document> current) {
    if (current.get() != doc) {
      return;
    }
    List<Diagnostic> diagnostics =
        log.guard("diagnostics", () -> LanguageService.diagnostics(doc), () -> null);
    if (current.get() != doc) {
      // Stale: the newer version's own run will publish.
      return;
    }
    if (diagnostics != null) {
      PublishDiagnosticsParams params = new PublishDiagnosticsParams(doc.uri(), diagnostics);
      params.setVersion(doc.version());
      log.guard(
          "publishing diagnostics",
          () -> {
            publisher.accept(params);
            return null;
          },
          () -> null);
    }
    // Even when diagnostics failed (logged): the next stage guards itself and reports its own
    // failure.
    log.guard(
        "scheduling code lenses",
        () -> {
          settled.accept(doc);
          return null;
        },
        () -> null);
  }
}
