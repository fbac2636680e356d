package dev.servplan.solver;

import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Severity;
import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A finding of the solver: which constraint binds, a message naming the values involved, and a help
 * line with the nearest feasible relaxation. The span points at the spec element at fault.
 */
public record SolverProblem(Kind kind, Span span, String message, String help) {
  /** The constraint a problem is about. */
  public enum Kind {
    /** No instance configuration of the model fits GPU memory. */
    MEMORY,
    /** A latency target cannot be met at any load on any eligible GPU. */
    LATENCY,
    /** The demand needs more GPUs than the inventory holds. */
    INVENTORY,
    /** The cheapest plan costs more than {@code options.budget}. */
    BUDGET,
    /** Instances could not be packed onto nodes. */
    PLACEMENT,
    /** The solver hit its time limit without a feasible plan. */
    TIME_LIMIT,
    /** The exhaustive search space is too large; use the ILP. */
    SEARCH_SPACE,
    /** Every plan tried missed its SLO in the simulation that checks it. */
    SIMULATION,
    /** Informational: the simulation check derated instances before a plan held. */
    SIMULATION_NOTE,

    /** The solver's plan breaks a rule of the plan verifier: a solver bug, never written. */
    VERIFICATION,
    /** Informational. */
    NOTE;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stable diagnostic code users see for this kind (E04xx); null for notes. */
    public Code code() {
      switch (this) {
        case MEMORY:
          return Code.E0401;
        case LATENCY:
          return Code.E0402;
        case INVENTORY:
          return Code.E0403;
        case BUDGET:
          return Code.E0404;
        case PLACEMENT:
          return Code.E0405;
        case TIME_LIMIT:
          return Code.E0406;
        case SEARCH_SPACE:
          return Code.E0407;
        case SIMULATION:
        case SIMULATION_NOTE:
          return Code.E0408;
        case VERIFICATION:
          return Code.E0409;
        default:
          return null;
      }
    }
  }

  /** This problem as a diagnostic with its stable code, for the common renderers. */
  public Diagnostic diagnostic() {
    Code code = kind.code();
    Diagnostic d;
    if (code == null) {
      // A note about the time limit (the only other kind of note).
      d = new Diagnostic(Code.E0406, Severity.NOTE, span, message, List.of(), null, List.of());
    } else if (kind == Kind.SIMULATION_NOTE) {
      d = new Diagnostic(code, Severity.NOTE, span, message, List.of(), null, List.of());

    } else {
      d = Diagnostic.of(code, span, message);
    }
    return help == null ? d : d.withHelp(help);
  }

  public SolverProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(help, "help");
  }
}
