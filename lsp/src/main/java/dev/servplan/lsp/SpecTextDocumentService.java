package dev.servplan.lsp;

import dev.servplan.lsp.service.CostLenses;
import dev.servplan.lsp.service.Document;
import dev.servplan.lsp.service.LanguageService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The open documents and the text-document requests. Notifications only record the new text and
 * schedule diagnostics; every request runs on a worker pool, so the message loop never waits on a
 * parse, and each feature is guarded so that a bug degrades only its own answer. Cost lenses follow
 * the diagnostics' debounce and solve on their own thread (see {@link CostLenses}).
 */
final class SpecTextDocumentService implements TextDocumentService {
  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private final ServerLog log;
  private final DiagnosticsScheduler diagnostics;
  private final ExecutorService workers;
  private final CostLenses costLenses;
  private volatile LanguageClient client;
  private volatile boolean lensesEnabled = true;
  private volatile boolean lensRefreshSupported;

  SpecTextDocumentService(ServerLog log) {
    this.log = log;
    this.costLenses =
        new CostLenses(
            CostLenses.TIME_LIMIT,
            new CostLenses.Listener() {
              @Override
              public void landed(String uri, int version) {
                refreshLenses();
              }

              @Override
              public void failed(String uri, Throwable error) {
                log.error("servplan lsp: solving " + uri + " for its cost lens failed", error);
              }
            });
    this.diagnostics = new DiagnosticsScheduler(log, this::publish, this::settled);
    AtomicInteger count = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "servplan-lsp-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  void connect(LanguageClient newClient) {
    this.client = newClient;
  }

  /**
   * What {@code initialize} learned: whether the lenses are on ({@code servplan.codeLens}) and
   * whether the client accepts {@code workspace/codeLens/refresh}.
   */
  void configureLenses(boolean enabled, boolean refreshSupported) {
    this.lensesEnabled = enabled;
    this.lensRefreshSupported = refreshSupported;
  }

  /** Switches the lenses on or off at run time ({@code workspace/didChangeConfiguration}). */
  void setLensesEnabled(boolean enabled) {
    if (enabled == lensesEnabled) {
      return;
    }
    lensesEnabled = enabled;
    if (enabled) {
      documents.values().forEach(costLenses::solveLater);
    } else {
      costLenses.forgetAll();
    }
    refreshLenses();
  }

  void shutdown() {
    diagnostics.shutdown();
    costLenses.shutdown();
    workers.shutdownNow();
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    var item = params.getTextDocument();
    log.guard(
        "didOpen",
        () -> {
          Document doc =
              Document.of(item.getUri(), item.getLanguageId(), item.getVersion(), item.getText());
          documents.put(item.getUri(), doc);
          diagnostics.schedule(doc, 0, () -> documents.get(doc.uri()));
          return null;
        },
        () -> null);
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    log.guard(
        "didChange",
        () -> {
          Document old = documents.get(uri);
          List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
          if (old == null || changes.isEmpty()) {
            return null;
          }
          // Full sync (advertised in initialize): the last change carries the whole text.
          String text = changes.get(changes.size() - 1).getText();
          Integer version = params.getTextDocument().getVersion();
          Document doc = old.withText(version == null ? old.version() + 1 : version, text);
          documents.put(uri, doc);
          diagnostics.schedule(doc, DiagnosticsScheduler.DEBOUNCE_MS, () -> documents.get(uri));
          return null;
        },
        () -> null);
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    documents.remove(uri);
    diagnostics.clear(uri);
    costLenses.forget(uri);
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    // Diagnostics follow the buffer, not the disk; saving changes nothing they depend on.
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(
      CompletionParams params) {
    return request(
        "completion",
        params.getTextDocument().getUri(),
        doc ->
            Either.forRight(
                new CompletionList(false, LanguageService.completion(doc, params.getPosition()))),
        () -> Either.forRight(new CompletionList(false, List.of())));
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    return request(
        "hover",
        params.getTextDocument().getUri(),
        doc -> LanguageService.hover(doc, params.getPosition()).orElse(null),
        () -> null);
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>>
      definition(DefinitionParams params) {
    return request(
        "definition",
        params.getTextDocument().getUri(),
        doc -> Either.forLeft(LanguageService.definition(doc, params.getPosition())),
        () -> Either.forLeft(List.of()));
  }

  @Override
  public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
    boolean withDeclaration =
        params.getContext() != null && params.getContext().isIncludeDeclaration();
    return request(
        "references",
        params.getTextDocument().getUri(),
        doc -> LanguageService.references(doc, params.getPosition(), withDeclaration),
        List::of);
  }

  @Override
  public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
      DocumentSymbolParams params) {
    return request(
        "documentSymbol",
        params.getTextDocument().getUri(),
        doc -> {
          List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
          LanguageService.documentSymbols(doc).forEach(s -> out.add(Either.forRight(s)));
          return out;
        },
        List::of);
  }

  @Override
  public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
    return request(
        "formatting",
        params.getTextDocument().getUri(),
        doc -> {
          var edits = LanguageService.format(doc);
          if (edits.isEmpty()) {
            showMessage(
                MessageType.Warning,
                "servplan: not formatting "
                    + doc.uri()
                    + " because it has syntax errors; fix them first (see the Problems list)");
            return List.<TextEdit>of();
          }
          return edits.get();
        },
        List::of);
  }

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    return request(
        "codeAction",
        params.getTextDocument().getUri(),
        doc -> {
          List<Either<Command, CodeAction>> out = new ArrayList<>();
          LanguageService.codeActions(doc, params.getRange())
              .forEach(a -> out.add(Either.forRight(a)));
          return out;
        },
        List::of);
  }

  @Override
  public CompletableFuture<SemanticTokens> semanticTokensFull(SemanticTokensParams params) {
    return request(
        "semanticTokens",
        params.getTextDocument().getUri(),
        LanguageService::semanticTokens,
        () -> new SemanticTokens(List.of()));
  }

  /**
   * The cost lenses of the document's current version: its finished solve, or "solving…" while that
   * is pending; never waits for the solver.
   */
  @Override
  public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
    return request(
        "codeLens",
        params.getTextDocument().getUri(),
        doc -> lensesEnabled ? costLenses.lenses(doc) : List.<CodeLens>of(),
        List::of);
  }

  /**
   * Runs a request for a document on a worker; an unknown document or a failure gets the fallback.
   */
  private <T> CompletableFuture<T> request(
      String feature, String uri, Function<Document, T> body, Supplier<T> fallback) {
    Document doc = documents.get(uri);
    if (doc == null) {
      return CompletableFuture.completedFuture(fallback.get());
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> log.guard(feature, () -> body.apply(doc), fallback), workers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(fallback.get());
    }
  }

  private void publish(PublishDiagnosticsParams params) {
    LanguageClient c = client;
    if (c != null) {
      c.publishDiagnostics(params);
    }
  }

  /** A document whose diagnostics run found it current: solve it for its lenses. */
  private void settled(Document doc) {
    if (lensesEnabled) {
      costLenses.solveLater(doc);
    }
  }

  private void refreshLenses() {
    LanguageClient c = client;
    if (c != null && lensRefreshSupported) {
      try {
        c.refreshCodeLenses();
      } catch (RuntimeException e) {
        // The connection is gone; the next codeLens request gets the result anyway.
      }
    }
  }

  private void showMessage(MessageType type, String message) {
    LanguageClient c = client;
    if (c != null) {
      c.showMessage(new MessageParams(type, message));
    }
  }
}
