package dev.servplan.solver;

import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.validate.ValidIr;

/** Turns a validated spec into the cheapest plan that meets it, or says why none exists. */
public interface Solver {
  SolveResult solve(ValidIr ir, SpecRef spec, SolverConfig config);
}
