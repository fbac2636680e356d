package dev.servplan.bench;

import dev.servplan.lsp.service.CostLenses;
import dev.servplan.lsp.service.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.lsp4j.CodeLens;

/**
 * How long the language server's cost lens takes to answer, per spec: from the moment the editor's
 * text arrives ({@link CostLenses#solveLater}) to the moment the lens has its result (the listener
 * is told), in one server process as an editor would use it, the specs opened one after another
 * (the first also pays for loading the cost model and OR-Tools). Prints a Markdown table for
 * docs/performance.md. Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.servplan.bench.LensLatency examples/*.yaml examples/*.splan}.
 */
public final class LensLatency {
  private LensLatency() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    AtomicReference<CountDownLatch> done = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CostLenses lenses =
        new CostLenses(
            CostLenses.TIME_LIMIT,
            new CostLenses.Listener() {
              @Override
              public void landed(String uri, int version) {
                done.get().countDown();
              }

              @Override
              public void failed(String uri, Throwable error) {
                failure.set(error);
              }
            });
    List<String> rows = new ArrayList<>();
    for (String arg : args) {
      Path path = Path.of(arg).toAbsolutePath();
      String text = Files.readString(path);
      String languageId = arg.endsWith(".splan") ? "splan" : "yaml";
      StringBuilder row = new StringBuilder("| " + path.getFileName() + " |");
      String first = "(no lens)";
      // Twice: as opened, then after an edit (a blank line appended), when the server is warm.
      for (int version = 1; version <= 2; version++) {
        Document doc =
            Document.of(
                path.toUri().toString(), languageId, version, version == 1 ? text : text + "\n");
        done.set(new CountDownLatch(1));
        long start = System.nanoTime();
        lenses.solveLater(doc);
        boolean answered = done.get().await(60, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - start) / 1e6;
        row.append(answered ? String.format(Locale.ROOT, " %.0f |", ms) : " no answer in 60 s |");
        List<CodeLens> shown = lenses.lenses(doc);
        if (!shown.isEmpty() && shown.get(0).getCommand() != null) {
          first = shown.get(0).getCommand().getTitle();
        }
      }
      rows.add(row + " " + (failure.get() != null ? "failed: " + failure.get() : first) + " |");
    }
    lenses.shutdown();
    System.out.println("| spec | lens answered after (ms), opened | after an edit (ms) | lens |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println("(the lens's time limit: " + CostLenses.TIME_LIMIT + " per solve)");
  }
}
