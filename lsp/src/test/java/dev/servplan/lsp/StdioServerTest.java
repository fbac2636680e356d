package dev.servplan.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CodeLensWorkspaceCapabilities;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the real server over piped byte streams with JSON-RPC, as an editor would over stdio:
 * initialize, open a spec with a misspelled GPU, get diagnostics and a quick fix, complete, hover,
 * format, change the text, get the cost lens, shut down and exit.
 */
class StdioServerTest {
  private static final String URI = "file:///tmp/servplan-lsp-test/fleet.splan";
  private static final String SPEC =
      String.join(
          "\n",
          "pool h100-east {",
          "  gpu h100-sxm-80g x 16",
          "}",
          "deployment chat {",
          "  model llama-3.1-70b",
          "  workload { rate 4/s; input 1000; output 100 }",
          "  slo { ttft p99 <= 1s }",
          "}",
          "");

  /** Records what the server sends to the client. */
  static final class RecordingClient implements LanguageClient {
    final LinkedBlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> lensRefreshes = new LinkedBlockingQueue<>();

    @Override
    public CompletableFuture<Void> refreshCodeLenses() {
      lensRefreshes.add("refresh");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
      diagnostics.add(params);
    }

    @Override
    public void showMessage(MessageParams params) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(
        ShowMessageRequestParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams params) {}
  }

  @Test
  @Timeout(60)
  void fullSessionOverJsonRpc() throws Exception {
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              int code =
                  ServplanLanguageServer.run(
                      serverIn, serverOut, new PrintStream(stderr, true, StandardCharsets.UTF_8));
              try {
                serverOut.close();
              } catch (IOException e) {
                // The client reads to the end either way.
              }
              return code;
            });

    RecordingClient client = new RecordingClient();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    launcher.startListening();
    LanguageServer server = launcher.getRemoteProxy();

    InitializeParams init = new InitializeParams();
    ClientCapabilities capabilities = new ClientCapabilities();
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setCodeLens(new CodeLensWorkspaceCapabilities(true));
    capabilities.setWorkspace(workspace);
    init.setCapabilities(capabilities);
    var result = server.initialize(init).get(20, TimeUnit.SECONDS);
    assertThat(result.getCapabilities().getCompletionProvider()).isNotNull();
    assertThat(result.getCapabilities().getCodeLensProvider()).isNotNull();
    assertThat(result.getCapabilities().getSemanticTokensProvider().getLegend().getTokenTypes())
        .contains("keyword");
    server.initialized(new InitializedParams());

    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "splan", 1, SPEC)));
    PublishDiagnosticsParams published = client.diagnostics.poll(20, TimeUnit.SECONDS);
    assertThat(published).isNotNull();
    assertThat(published.getUri()).isEqualTo(URI);
    assertThat(published.getDiagnostics()).hasSize(1);
    Diagnostic unknownGpu = published.getDiagnostics().get(0);
    assertThat(unknownGpu.getCode().getLeft()).isEqualTo("E0201");
    assertThat(unknownGpu.getRange()).isEqualTo(new Range(new Position(1, 6), new Position(1, 18)));

    TextDocumentIdentifier id = new TextDocumentIdentifier(URI);
    // Version 1 has an error: no cost lens, the diagnostics say what is wrong.
    assertThat(
            server
                .getTextDocumentService()
                .codeLens(new CodeLensParams(id))
                .get(20, TimeUnit.SECONDS))
        .isEmpty();
    var actions =
        server
            .getTextDocumentService()
            .codeAction(
                new CodeActionParams(
                    id, unknownGpu.getRange(), new CodeActionContext(List.of(unknownGpu))))
            .get(20, TimeUnit.SECONDS);
    assertThat(actions).hasSize(1);
    var edit = actions.get(0).getRight().getEdit().getChanges().get(URI).get(0);
    assertThat(edit.getNewText()).isEqualTo("h100-sxm-80gb");
    assertThat(edit.getRange()).isEqualTo(unknownGpu.getRange());

    var completion =
        server
            .getTextDocumentService()
            .completion(new CompletionParams(id, new Position(1, 6)))
            .get(20, TimeUnit.SECONDS);
    assertThat(completion.getRight().getItems())
        .extracting(i -> i.getLabel())
        .contains("h100-sxm-80gb", "a100-sxm-80gb");

    var hover =
        server
            .getTextDocumentService()
            .hover(new HoverParams(id, new Position(4, 12)))
            .get(20, TimeUnit.SECONDS);
    assertThat(hover.getContents().getRight().getValue())
        .contains("weight memory")
        .contains("| fp8 |")
        .contains("GiB");

    var formatting =
        server
            .getTextDocumentService()
            .formatting(new DocumentFormattingParams(id, new FormattingOptions(2, true)))
            .get(20, TimeUnit.SECONDS);
    assertThat(formatting).hasSize(1);
    assertThat(formatting.get(0).getNewText()).contains("  gpu h100-sxm-80g x 16\n");

    // Fix the typo: the next publication for version 2 is empty.
    String fixed = SPEC.replace("h100-sxm-80g ", "h100-sxm-80gb ");
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(URI, 2),
                List.of(new TextDocumentContentChangeEvent(fixed))));
    PublishDiagnosticsParams after = client.diagnostics.poll(20, TimeUnit.SECONDS);
    assertThat(after).isNotNull();
    assertThat(after.getVersion()).isEqualTo(2);
    assertThat(after.getDiagnostics()).isEmpty();

    // Version 2 is valid: it is solved in the background and the server asks for fresh lenses.
    assertThat(client.lensRefreshes.poll(60, TimeUnit.SECONDS)).isNotNull();
    List<String> lenses =
        server
            .getTextDocumentService()
            .codeLens(new CodeLensParams(id))
            .get(20, TimeUnit.SECONDS)
            .stream()
            .map(l -> l.getCommand().getTitle())
            .toList();
    assertThat(lenses).hasSize(2);
    assertThat(lenses.get(0))
        .matches("compile: \\$\\d+\\.\\d\\d/h, \\d+ GPUs? for the whole plan.*");
    assertThat(lenses.get(1)).matches("compile: \\$\\d+\\.\\d\\d/h, \\d+ GPUs?");

    server.shutdown().get(20, TimeUnit.SECONDS);
    server.exit();
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("failed");
  }

  @Test
  @Timeout(60)
  void aBurstOfChangesNeverPublishesStaleDiagnostics() throws Exception {
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              int code =
                  ServplanLanguageServer.run(
                      serverIn,
                      serverOut,
                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
              try {
                // A clean end of stream for the client, rather than a "pipe broken" when this
                // thread ends.
                serverOut.close();
              } catch (IOException e) {
                // The client reads to the end either way.
              }
              return code;
            });
    RecordingClient client = new RecordingClient();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    launcher.startListening();
    LanguageServer server = launcher.getRemoteProxy();
    server.initialize(new InitializeParams()).get(20, TimeUnit.SECONDS);
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "splan", 1, SPEC)));
    assertThat(client.diagnostics.poll(20, TimeUnit.SECONDS)).isNotNull();
    // Ten edits back to back: debouncing normally leaves one run, for the last; however slow the
    // machine, publications never go back to an older version and the last one is for version 11.
    for (int v = 2; v <= 11; v++) {
      String text = v == 11 ? SPEC.replace("h100-sxm-80g ", "h100-sxm-80gb ") : SPEC + "#" + v;
      server
          .getTextDocumentService()
          .didChange(
              new DidChangeTextDocumentParams(
                  new VersionedTextDocumentIdentifier(URI, v),
                  List.of(new TextDocumentContentChangeEvent(text))));
    }
    PublishDiagnosticsParams latest;
    int previous = 1;
    do {
      latest = client.diagnostics.poll(20, TimeUnit.SECONDS);
      assertThat(latest).isNotNull();
      assertThat(latest.getVersion()).isGreaterThan(previous);
      previous = latest.getVersion();
    } while (latest.getVersion() != 11);
    assertThat(latest.getDiagnostics()).isEmpty();
    assertThat(client.diagnostics.poll(500, TimeUnit.MILLISECONDS)).isNull();
    // Exit without shutdown: LSP says the exit code is 1.
    server.exit();
    assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void theCodeLensSettingTurnsTheLensesOffAndOn() throws Exception {
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              int code =
                  ServplanLanguageServer.run(
                      serverIn,
                      serverOut,
                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
              try {
                serverOut.close();
              } catch (IOException e) {
                // The client reads to the end either way.
              }
              return code;
            });
    RecordingClient client = new RecordingClient();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    launcher.startListening();
    LanguageServer server = launcher.getRemoteProxy();
    InitializeParams init = new InitializeParams();
    ClientCapabilities capabilities = new ClientCapabilities();
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setCodeLens(new CodeLensWorkspaceCapabilities(true));
    capabilities.setWorkspace(workspace);
    init.setCapabilities(capabilities);
    init.setInitializationOptions(Map.of("servplan", Map.of("codeLens", false)));
    server.initialize(init).get(20, TimeUnit.SECONDS);
    String valid = SPEC.replace("h100-sxm-80g ", "h100-sxm-80gb ");
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "splan", 1, valid)));
    assertThat(client.diagnostics.poll(20, TimeUnit.SECONDS).getDiagnostics()).isEmpty();
    TextDocumentIdentifier id = new TextDocumentIdentifier(URI);
    // Off from initialize: nothing is solved, so no lens and no refresh.
    assertThat(
            server
                .getTextDocumentService()
                .codeLens(new CodeLensParams(id))
                .get(20, TimeUnit.SECONDS))
        .isEmpty();
    assertThat(client.lensRefreshes).isEmpty();

    // On through the settings: the open document is solved and the editor told to ask again.
    server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(Map.of("servplan", Map.of("codeLens", true))));
    List<String> titles = List.of();
    while (titles.isEmpty() || titles.get(0).equals("compile: solving…")) {
      assertThat(client.lensRefreshes.poll(60, TimeUnit.SECONDS)).isNotNull();
      titles =
          server
              .getTextDocumentService()
              .codeLens(new CodeLensParams(id))
              .get(20, TimeUnit.SECONDS)
              .stream()
              .map(l -> l.getCommand().getTitle())
              .toList();
    }
    assertThat(titles.get(0)).startsWith("compile: $");

    // Off again: empty at once, and a refresh so the editor drops the lenses it shows.
    client.lensRefreshes.clear();
    server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(Map.of("servplan", Map.of("codeLens", false))));
    assertThat(client.lensRefreshes.poll(20, TimeUnit.SECONDS)).isNotNull();
    assertThat(
            server
                .getTextDocumentService()
                .codeLens(new CodeLensParams(id))
                .get(20, TimeUnit.SECONDS))
        .isEmpty();
    server.shutdown().get(20, TimeUnit.SECONDS);
    server.exit();
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
  }
}
