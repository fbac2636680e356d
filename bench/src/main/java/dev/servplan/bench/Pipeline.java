package dev.servplan.bench;

import dev.servplan.cli.CheckedCompile;
import dev.servplan.compiler.Phases;
import dev.servplan.compiler.SpecCompiler;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.hwdb.cost.AnalyticalCostModel;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Spec text to solve result the way {@code servplan compile} does it: front end, validation,
 * solver, and (in {@link #compileAndCheck}) the simulation check of every plan.
 */
public final class Pipeline {
  private static final DefaultSolver SOLVER = DefaultSolver.analytical();

  private Pipeline() {}

  /**
   * Compiles and solves {@code text}; the solver config is the CLI's: the spec's time limit, seed
   * 0, one worker, the ILP.
   */
  public static SolveResult compileAndSolve(String name, String text) {
    ValidIr valid = valid(name, text);
    SolverConfig config = SolverConfig.defaults(valid.spec().options().timeLimit().value());
    return SOLVER.solve(valid, SpecRef.of(valid.spec().name(), text), config);
  }

  /**
   * As {@code servplan compile} does it: {@link #compileAndSolve}, then the plan simulated as
   * {@code validate --simulate} does and re-solved where it misses (cli {@link CheckedCompile}).
   */
  public static SolveResult compileAndCheck(String name, String text) {
    ValidIr valid = valid(name, text);
    SolverConfig config = SolverConfig.defaults(valid.spec().options().timeLimit().value());
    return CheckedCompile.run(
            SOLVER,
            AnalyticalCostModel.calibrated(),
            valid,
            SpecRef.of(valid.spec().name(), text),
            config,
            Phases.NONE,
            Path.of("."),
            true)
        .result();
  }

  private static ValidIr valid(String name, String text) {
    SpecCompiler.Compilation compiled =
        SpecCompiler.compile(SourceFile.of(name, text), Path.of("."));
    if (!compiled.ok()) {
      throw new IllegalStateException(name + " does not compile: " + compiled.diagnostics());
    }
    return compiled.valid().orElseThrow();
  }

  /** A spec bundled with the benchmarks, e.g. {@code chat.yaml} (a copy of examples/chat.yaml). */
  public static String resource(String name) {
    try (InputStream in = Pipeline.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
