package dev.servplan.compiler;

import dev.servplan.compiler.ast.FrontEnd;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.TreePrinter;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.dsl.DslFrontEnd;
import dev.servplan.compiler.dsl.DslPrinter;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.lower.Lowerer;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Syntax;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.validate.Validator;
import dev.servplan.compiler.yaml.YamlFrontEnd;
import dev.servplan.compiler.yaml.YamlPrinter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The front half of the pipeline: parse, lower, validate. Stops between stages that found errors.
 */
public final class SpecCompiler {
  private SpecCompiler() {}

  /** Everything the front half produced for one source, up to the first stage with errors. */
  public record Compilation(
      SourceFile source,
      ParsedSpec parsed,
      Optional<Spec> ir,
      Optional<ValidIr> valid,
      List<Diagnostic> diagnostics) {
    public Compilation {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(parsed, "parsed");
      Objects.requireNonNull(ir, "ir");
      Objects.requireNonNull(valid, "valid");
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
      return valid.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
    }
  }

  public static FrontEnd frontEnd(Syntax syntax) {
    return syntax == Syntax.DSL ? new DslFrontEnd() : new YamlFrontEnd();
  }

  public static TreePrinter printer(Syntax syntax) {
    return syntax == Syntax.DSL ? new DslPrinter() : new YamlPrinter();
  }

  public static ParsedSpec parse(SourceFile source) {
    return frontEnd(source.syntax()).parse(source);
  }

  /** Parses, lowers and validates; relative paths in the spec resolve against {@code baseDir}. */
  public static Compilation compile(SourceFile source, Path baseDir) {
    return compile(source, baseDir, List.of());
  }

  /**
   * As {@link #compile(SourceFile, Path)}, with {@code KEY=VALUE} overrides of the spec's options
   * (see {@link OptionOverrides}) applied before lowering.
   */
  public static Compilation compile(SourceFile source, Path baseDir, List<String> optionOverrides) {
    return compile(source, baseDir, optionOverrides, Phases.NONE);
  }

  /** As {@link #compile(SourceFile, Path, List)}, charging each stage's time to {@code phases}. */
  public static Compilation compile(
      SourceFile source, Path baseDir, List<String> optionOverrides, Phases phases) {
    ParsedSpec parsed = phases.time("parse", () -> parse(source));
    if (!optionOverrides.isEmpty() && parsed.ok()) {
      parsed = OptionOverrides.apply(parsed, OptionOverrides.source(optionOverrides));
    }
    List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
    if (!parsed.ok()) {
      return new Compilation(
          source, parsed, Optional.empty(), Optional.empty(), sorted(diagnostics));
    }
    ParsedSpec toLower = parsed;
    Lowerer.Result lowered = phases.time("lower", () -> Lowerer.lower(toLower));
    diagnostics.addAll(lowered.diagnostics());
    if (!lowered.ok()) {
      return new Compilation(
          source, parsed, Optional.of(lowered.spec()), Optional.empty(), sorted(diagnostics));
    }
    Validator.Result validated =
        phases.time("validate", () -> Validator.validate(lowered.spec(), baseDir));
    diagnostics.addAll(validated.diagnostics());
    return new Compilation(
        source, parsed, Optional.of(lowered.spec()), validated.valid(), sorted(diagnostics));
  }

  /** The result for a source that could not even be read (not UTF-8, too large, missing). */
  public static Compilation unreadable(SourceFile source, List<Diagnostic> diagnostics) {
    ParsedSpec empty =
        new ParsedSpec(source, new MapNode(List.of(), source.wholeSpan()), diagnostics);
    return new Compilation(source, empty, Optional.empty(), Optional.empty(), sorted(diagnostics));
  }

  /** Compiles with paths relative to the source file's own folder. */
  public static Compilation compile(SourceFile source) {
    Path parent = Path.of(source.id().name()).toAbsolutePath().getParent();
    return compile(source, parent == null ? Path.of(".").toAbsolutePath() : parent);
  }

  private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
    List<Diagnostic> copy = new ArrayList<>(diagnostics);
    copy.sort(Diagnostic.ORDER);
    return copy;
  }
}
