package dev.servplan.lsp;

import dev.servplan.lsp.service.LanguageService;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The servplan language server: diagnostics, completion, hover, navigation, formatting,
 * highlighting and per-deployment cost lenses.
 */
public final class ServplanLanguageServer implements LanguageServer, LanguageClientAware {
  /** Version reported in {@code initialize}. */
  public static final String VERSION = "0.1.0";

  private final ServerLog log;
  private final SpecTextDocumentService documents;
  private final SpecWorkspaceService workspace;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private volatile boolean shutdownRequested;

  public ServplanLanguageServer(PrintStream err) {
    this.log = new ServerLog(err);
    this.documents = new SpecTextDocumentService(log);
    this.workspace = new SpecWorkspaceService(documents::setLensesEnabled);
  }

  /**
   * Serves one client over the given streams until it sends {@code exit} or closes its end; returns
   * the exit code LSP asks for: 0 after {@code shutdown}, 1 otherwise.
   */
  public static int run(InputStream in, OutputStream out, PrintStream err) {
    ServplanLanguageServer server = new ServplanLanguageServer(err);
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
    server.connect(launcher.getRemoteProxy());
    Future<Void> listening = launcher.startListening();
    CompletableFuture<Object> closed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return listening.get();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
              } catch (ExecutionException e) {
                return null;
              }
            });
    CompletableFuture.anyOf(closed, server.exitCode).join();
    server.documents.shutdown();
    return server.exitCode.getNow(server.shutdownRequested ? 0 : 1);
  }

  @Override
  public void connect(LanguageClient client) {
    log.connect(client);
    documents.connect(client);
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    ServerCapabilities capabilities = new ServerCapabilities();
    capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
    capabilities.setCompletionProvider(new CompletionOptions(false, List.of(" ", ",", "|", "[")));
    capabilities.setHoverProvider(true);
    capabilities.setDefinitionProvider(true);
    capabilities.setReferencesProvider(true);
    capabilities.setDocumentSymbolProvider(true);
    capabilities.setDocumentFormattingProvider(true);
    capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
    SemanticTokensWithRegistrationOptions tokens =
        new SemanticTokensWithRegistrationOptions(LanguageService.semanticTokensLegend(), true);
    capabilities.setSemanticTokensProvider(tokens);
    // Advertised even when servplan.codeLens is off at start, so a later settings change can turn
    // it on.
    capabilities.setCodeLensProvider(new CodeLensOptions(false));
    documents.configureLenses(
        LensSetting.read(params.getInitializationOptions()).orElse(true),
        lensRefreshSupported(params));
    log.info("servplan language server " + VERSION + " started");
    return CompletableFuture.completedFuture(
        new InitializeResult(capabilities, new ServerInfo("servplan", VERSION)));
  }

  private static boolean lensRefreshSupported(InitializeParams params) {
    var capabilities = params.getCapabilities();
    if (capabilities == null
        || capabilities.getWorkspace() == null
        || capabilities.getWorkspace().getCodeLens() == null) {
      return false;
    }
    return Boolean.TRUE.equals(capabilities.getWorkspace().getCodeLens().getRefreshSupport());
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdownRequested = true;
    documents.shutdown();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    exitCode.complete(shutdownRequested ? 0 : 1);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspace;
  }
}
