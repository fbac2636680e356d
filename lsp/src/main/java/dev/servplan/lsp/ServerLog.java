package dev.servplan.lsp;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Logs to stderr and to the client's output channel ({@code window/logMessage}), and runs one
 * feature so that a bug in it costs only that answer: the exception is logged and the feature
 * returns its empty result. Never writes to stdout, which carries the protocol.
 */
final class ServerLog {
  private final PrintStream err;
  private volatile LanguageClient client;

  ServerLog(PrintStream err) {
    this.err = err;
  }

  void connect(LanguageClient newClient) {
    this.client = newClient;
  }

  void info(String message) {
    log(MessageType.Log, message);
  }

  void error(String message, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    log(MessageType.Error, message + ": " + t + "\n" + trace);
  }

  /**
   * Runs a feature; on any exception (or a stack overflow on absurd input) logs it and returns the
   * fallback.
   */
  <T> T guard(String feature, Supplier<T> body, Supplier<T> fallback) {
    try {
      return body.get();
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      error("servplan lsp: " + feature + " failed", e);
      return fallback.get();
    }
  }

  private void log(MessageType type, String message) {
    err.println(message);
    err.flush();
    LanguageClient c = client;
    if (c != null) {
      try {
        c.logMessage(new MessageParams(type, message));
      } catch (RuntimeException e) {
        // The connection is gone; stderr already has the message.
      }
    }
  }
}
