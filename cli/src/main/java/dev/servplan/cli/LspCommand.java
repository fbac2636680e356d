package dev.servplan.cli;

import dev.servplan.lsp.ServplanLanguageServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code servplan lsp}: the language server over stdio, for editors. */
@Command(
    name = "lsp",
    description = "Run the language server over stdin/stdout (for editors; see docs/editors.md).",
    mixinStandardHelpOptions = true)
final class LspCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    // stdout carries the protocol: hand the real descriptor to the server and point System.out at
    // stderr, so a stray println anywhere cannot corrupt a JSON-RPC frame.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    PrintStream err = System.err;
    System.setOut(err);
    return ServplanLanguageServer.run(new FileInputStream(FileDescriptor.in), protocolOut, err);
  }
}
