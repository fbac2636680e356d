package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a plan file, turning every reading problem into a P0001/P0002 violation with its path. */
public final class PlanFiles {
  private PlanFiles() {}

  /** The plan when it could be read, else the reasons (never both). */
  public record Loaded(Optional<Plan> plan, List<Violation> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }
  }

  public static Loaded read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed(Violation.of(PlanCode.P0001, "$", "cannot read '" + path + "': no such file"));
    } catch (IOException | UncheckedIOException e) {
      return failed(
          Violation.of(PlanCode.P0001, "$", "cannot read '" + path + "': " + e.getMessage()));
    }
    return parse(text, PlanFormat.forFileName(path.getFileName().toString()));
  }

  public static Loaded parse(String text, PlanFormat format) {
    PlanIo.ReadResult result = PlanIo.read(text, format);
    if (result.ok()) {
      return new Loaded(result.plan(), List.of());
    }
    List<Violation> problems = new ArrayList<>();
    for (String error : result.errors()) {
      problems.add(fromReaderError(error));
    }
    if (problems.isEmpty()) {
      problems.add(Violation.of(PlanCode.P0001, "$", "the plan could not be read"));
    }
    return new Loaded(Optional.empty(), problems);
  }

  /** Reader errors look like {@code $.deployments[0].groups[1].tp: expected ...}. */
  static Violation fromReaderError(String error) {
    String path = "$";
    String message = error;
    int colon = error.indexOf(": ");
    if (error.startsWith("$") && colon > 0) {
      path = error.substring(0, colon);
      message = error.substring(colon + 2);
      if (path.startsWith("$.")) {
        path = path.substring(2);
      }
    }
    boolean version = path.equals("apiVersion") || path.equals("kind");
    return Violation.of(version ? PlanCode.P0002 : PlanCode.P0001, path, message);
  }

  private static Loaded failed(Violation violation) {
    return new Loaded(Optional.empty(), List.of(violation));
  }
}
