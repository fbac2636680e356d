package dev.servplan.lsp;

import java.util.function.Consumer;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Workspace notifications: the {@code servplan.codeLens} setting; the rest needs no action. */
final class SpecWorkspaceService implements WorkspaceService {
  private final Consumer<Boolean> lensSwitch;

  SpecWorkspaceService(Consumer<Boolean> lensSwitch) {
    this.lensSwitch = lensSwitch;
  }

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    // The server path and YAML globs are read by the editor client; only the lens switch is ours.
    LensSetting.read(params.getSettings()).ifPresent(lensSwitch);
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    // Specs are analysed from open buffers only.
  }
}
