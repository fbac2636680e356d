package dev.servplan.solver;

import dev.servplan.compiler.plan.SolverInfo;

/** A solution of a {@link Program}: instance counts per variable and how good it is proven. */
record Assignment(
    long[] counts, SolverInfo.Status status, double gap, long cost, long scale, int tierSum) {}
